// The one hyperparameter schema. Controls, the URL codec, validation (here and in the worker)
// and presets are all derived from this table, so a parameter is added in exactly one place.
// Pure TypeScript: imported by the UI, the worker, the engine and the Node tools alike.

export type Group = 'data' | 'optimisation' | 'model' | 'method' | 'augmentation' | 'evaluation';

interface Base {
  label: string;
  help: string;
  group: Group;
  /** true: takes effect on the next step of a running model; false: needs a new model (reset). */
  live: boolean;
  /** methods that read it; absent = every method. */
  methods?: readonly string[];
}
export interface NumberParam extends Base {
  type: 'number' | 'int';
  default: number;
  min: number;
  max: number;
  step?: number;
  /** slider on a log scale (temperatures, learning rates). */
  log?: boolean;
}
export interface BoolParam extends Base {
  type: 'bool';
  default: boolean;
}
export interface EnumParam<T extends string = string> extends Base {
  type: 'enum';
  options: readonly T[];
  default: T;
}
export type Param = NumberParam | BoolParam | EnumParam;

const num = (p: Omit<NumberParam, 'type'>): NumberParam => ({ type: 'number', ...p });
const int = (p: Omit<NumberParam, 'type'>): NumberParam => ({ type: 'int', step: 1, ...p });
const bool = (p: Omit<BoolParam, 'type'>): BoolParam => ({ type: 'bool', ...p });
const choice = <T extends string>(p: Omit<EnumParam<T>, 'type'>): EnumParam<T> => ({ type: 'enum', ...p });

export const SCHEMA = {
  // ---- data
  dataset: choice({
    label: 'Dataset', group: 'data', live: false, options: ['mnist', 'shapes'] as const, default: 'mnist',
    help: 'mnist: 8,000 handwritten digits for training, 2,000 held out. shapes: procedural coloured shapes with object masks.',
  }),
  shapesLevel: choice({
    label: 'Shapes difficulty', group: 'data', live: false, options: ['easy', 'mixed', 'distract', 'clutter'] as const, default: 'easy',
    help: 'easy: one large pale shape on a plain dark background. mixed: as easy, but half the images in negative. distract: as easy, with pale strokes beside the shape. clutter: busy textured backgrounds and smaller shapes (hard even with labels).',
  }),
  seed: int({ label: 'Seed', group: 'data', live: false, default: 1, min: 0, max: 2 ** 31 - 1, help: 'Seeds the weights, the batch order and the augmentations: the same seed gives the same run.' }),
  batchSize: int({
    label: 'Batch size N', group: 'optimisation', live: false, default: 128, min: 4, max: 512,
    help: 'Images per step; each gives two views, so SimCLR sees 2N views and 2N−2 negatives per anchor.',
  }),
  steps: int({ label: 'Step budget', group: 'optimisation', live: true, default: 300, min: 1, max: 100000, help: 'Length of the learning-rate schedule; training pauses when it is reached (press play to go on).' }),
  lr: num({ label: 'Learning rate', group: 'optimisation', live: true, default: 1e-3, min: 1e-5, max: 1, log: true, help: 'Peak learning rate after warm-up.' }),
  optimizer: choice({ label: 'Optimiser', group: 'optimisation', live: false, options: ['adam', 'sgd'] as const, default: 'adam', help: 'Adam (as the reference runs) or SGD with momentum 0.9.' }),
  weightDecay: num({ label: 'Weight decay', group: 'optimisation', live: true, default: 1e-6, min: 0, max: 0.1, help: 'Decoupled weight decay (AdamW style), as SimCLR uses 1e-6.' }),
  warmupSteps: int({ label: 'Warm-up steps', group: 'optimisation', live: true, default: 10, min: 0, max: 10000, help: 'Linear learning-rate warm-up, then cosine decay to 0 over the step budget.' }),
  // ---- model
  backbone: choice({
    label: 'Backbone', group: 'model', live: false, options: ['cnn', 'vit'] as const, default: 'cnn',
    help: 'cnn: 3 conv layers 32-64-128, stride 2, global average pool → h (128). vit: a tiny Vision Transformer on 4×4 patches (8×8 tokens + CLS) → h = CLS.',
  }),
  vitWidth: int({ label: 'ViT width', group: 'model', live: false, default: 64, min: 16, max: 256, step: 16, help: 'Token width D (a multiple of the heads).' }),
  vitDepth: int({ label: 'ViT depth', group: 'model', live: false, default: 4, min: 1, max: 8, help: 'Transformer blocks.' }),
  vitHeads: int({ label: 'ViT heads', group: 'model', live: false, default: 4, min: 1, max: 8, help: 'Attention heads per block (the attention maps show one per head).' }),
  batchNorm: bool({ label: 'BatchNorm', group: 'model', live: false, default: false, help: 'BatchNorm after each conv and in the head’s hidden layer (BYOL and SimSiam need it at this scale).' }),
  embedDim: int({ label: 'Projection size', group: 'model', live: false, default: 128, min: 2, max: 256, help: 'Size of z, the projection head output the loss sees. 2 or 3 puts z on a circle or sphere.' }),
  // ---- method
  temperature: num({
    label: 'Temperature τ', group: 'method', live: true, default: 0.1, min: 0.01, max: 2, log: true, methods: ['simclr', 'moco'],
    help: 'Divides the cosine similarities. Small τ focuses the loss on the hardest negatives; large τ treats all negatives alike.',
  }),
  queueSize: int({
    label: 'Queue size K', group: 'method', live: false, default: 4096, min: 64, max: 65536, methods: ['moco'],
    help: 'Past keys kept as negatives (rounded to a multiple of the batch). MoCo v2: 65,536; its CIFAR demo: 4,096.',
  }),
  keyMomentum: num({
    label: 'Key momentum m', group: 'method', live: true, default: 0.99, min: 0, max: 0.9999, methods: ['moco'],
    help: 'Key encoder ← m·key + (1−m)·query after each step. 0 makes the keys come from a copy of the query encoder.',
  }),
  emaMomentum: num({
    label: 'Target EMA τ_base', group: 'method', live: true, default: 0.99, min: 0, max: 0.9999, methods: ['byol', 'dino', 'ibot', 'dinov2'],
    help: 'Target (teacher) ← τ·target + (1−τ)·online (student), τ rising from τ_base to 1 on a cosine over the step budget. 0: the target is a copy of the online network.',
  }),
  predictor: bool({ label: 'Predictor', group: 'method', live: false, default: true, methods: ['byol', 'simsiam'], help: 'The online network’s extra MLP. Without it, BYOL collapses (BYOL paper, Table 5).' }),
  stopGrad: bool({ label: 'Stop-gradient', group: 'method', live: true, default: true, methods: ['simsiam'], help: 'No gradient through the target branch. Without it SimSiam collapses (SimSiam paper, §4.1).' }),
  // ---- self-distillation (DINO, iBOT, DINOv2)
  prototypes: int({
    label: 'Prototypes K', group: 'method', live: false, default: 256, min: 8, max: 4096, log: true, methods: ['dino', 'ibot', 'dinov2'],
    help: 'Outputs of the head’s last layer: the number of “classes” the teacher spreads each image over. DINO: 65,536.',
  }),
  centering: bool({ label: 'Centering', group: 'method', live: true, default: true, methods: ['dino', 'ibot', 'dinov2'], help: 'Subtract a running mean from the teacher’s logits. Without it one prototype wins for every image (DINO paper, §5.3).' }),
  centerMomentum: num({ label: 'Centre momentum', group: 'method', live: true, default: 0.9, min: 0, max: 0.999, methods: ['dino', 'ibot', 'dinov2'], help: 'centre ← m·centre + (1−m)·batch mean of the teacher logits, after each step. DINO: 0.9.' }),
  teacherTemp: num({
    label: 'Teacher τ_t', group: 'method', live: true, default: 0.04, min: 0.01, max: 1, log: true, methods: ['dino', 'ibot', 'dinov2'],
    help: 'Sharpening: the teacher’s softmax temperature after its warm-up. Equal to the student’s τ_s means no sharpening, and a uniform collapse. DINO: 0.04 (0.07 with warm-up).',
  }),
  teacherTempStart: num({ label: 'Teacher τ_t at step 0', group: 'method', live: true, default: 0.04, min: 0.01, max: 1, log: true, methods: ['dino', 'ibot', 'dinov2'], help: 'Where the linear warm-up of τ_t starts. DINO: 0.04.' }),
  teacherTempWarmup: int({ label: 'τ_t warm-up steps', group: 'method', live: true, default: 0, min: 0, max: 10000, methods: ['dino', 'ibot', 'dinov2'], help: 'Steps of linear warm-up from the start value to τ_t (DINO recommends 30 epochs).' }),
  studentTemp: num({ label: 'Student τ_s', group: 'method', live: true, default: 0.1, min: 0.01, max: 1, log: true, methods: ['dino', 'ibot', 'dinov2'], help: 'The student’s softmax temperature. DINO: 0.1.' }),
  localCrops: int({
    label: 'Local crops', group: 'method', live: false, default: 2, min: 0, max: 8, methods: ['dino', 'ibot', 'dinov2'],
    help: 'Small 16×16 crops (area 0.05 to the crop min area) seen by the student only, beside the 2 global 32×32 crops. DINO: 8 (10 in the paper).',
  }),
  patchLoss: bool({ label: 'Patch loss', group: 'method', live: true, default: true, methods: ['ibot', 'dinov2'], help: 'The masked-patch term. Off: no patch is masked and only the [CLS] term trains — DINO’s loss on the same ViT.' }),
  maskProb: num({ label: 'Masked images', group: 'method', live: true, default: 0.5, min: 0, max: 1, methods: ['ibot', 'dinov2'], help: 'Share of the student’s global crops that get masked patches (iBOT recipe and DINOv2: 0.5).' }),
  maskRatioMin: num({ label: 'Mask ratio min', group: 'method', live: true, default: 0.1, min: 0, max: 0.9, methods: ['ibot', 'dinov2'], help: 'A masked crop hides a share of its 64 patches drawn from [min, max], in blocks (BEiT-style).' }),
  maskRatioMax: num({ label: 'Mask ratio max', group: 'method', live: true, default: 0.5, min: 0.05, max: 0.9, methods: ['ibot', 'dinov2'], help: 'iBOT and DINOv2: 0.1–0.5.' }),
  teacherPatchTemp: num({ label: 'Teacher τ for patches', group: 'method', live: true, default: 0.07, min: 0.01, max: 1, log: true, methods: ['ibot'], help: 'iBOT sharpens patch targets less than [CLS] targets (0.07 vs 0.04). DINOv2 uses τ_t for both.' }),
  sharedHead: bool({ label: 'Shared head', group: 'method', live: false, default: true, methods: ['ibot', 'dinov2'], help: 'One head for [CLS] and patch tokens (iBOT’s recipe) or two (DINOv2’s “untied heads”).' }),
  koleoWeight: num({ label: 'KoLeo weight', group: 'method', live: true, default: 0, min: 0, max: 1, methods: ['dinov2'], help: 'DINOv2’s spreading term on the student’s CLS features: −mean log(distance to the nearest neighbour). DINOv2: 0.1.' }),
  sinkhorn: bool({ label: 'Sinkhorn-Knopp', group: 'method', live: true, default: false, methods: ['dinov2'], help: 'Normalise the teacher’s outputs so every prototype gets an equal share of the batch (3 iterations), instead of centering.' }),
  // ---- augmentations: each a switch plus a strength, as in SimCLR
  crop: bool({ label: 'Random resized crop', group: 'augmentation', live: true, default: true, help: 'Crop a random area and aspect ratio, resize back to 32×32.' }),
  cropMinScale: num({ label: 'Crop min area', group: 'augmentation', live: true, default: 0.2, min: 0.05, max: 1, help: 'Smallest crop, as a fraction of the image area (SimCLR: 0.08, CIFAR recipes 0.2).' }),
  flip: bool({ label: 'Horizontal flip', group: 'augmentation', live: true, default: true, help: 'Mirror half of the views.' }),
  colorJitter: bool({ label: 'Colour jitter', group: 'augmentation', live: true, default: true, help: 'Random brightness, contrast, saturation and hue, applied to 80% of views.' }),
  jitterStrength: num({ label: 'Jitter strength s', group: 'augmentation', live: true, default: 0.5, min: 0, max: 1, help: 'SimCLR’s s: brightness, contrast and saturation ±0.8s, hue ±0.2s.' }),
  grayscale: bool({ label: 'Random grayscale', group: 'augmentation', live: true, default: true, help: 'Turn views gray with this probability.' }),
  grayscaleProb: num({ label: 'Grayscale probability', group: 'augmentation', live: true, default: 0.2, min: 0, max: 1, help: 'SimCLR uses 0.2.' }),
  blur: bool({ label: 'Gaussian blur', group: 'augmentation', live: true, default: false, help: 'Blur half of the views (SimCLR’s CIFAR recipe leaves it off at 32×32).' }),
  blurSigma: num({ label: 'Blur max σ (px)', group: 'augmentation', live: true, default: 1, min: 0.1, max: 3, help: 'σ is drawn uniformly from [0.1, max].' }),
  // ---- evaluation
  evalEvery: int({ label: 'kNN every', group: 'evaluation', live: true, default: 50, min: 5, max: 10000, help: 'Steps between held-out kNN evaluations (weighted k = 20, cosine, on h).' }),
} as const;

export type Schema = typeof SCHEMA;
export type ParamName = keyof Schema;
type ValueOf<P> = P extends EnumParam<infer T> ? T : P extends BoolParam ? boolean : number;
export type Config = { -readonly [K in ParamName]: ValueOf<Schema[K]> };
export type ConfigPatch = Partial<Config>;

export const PARAM_NAMES = Object.keys(SCHEMA) as ParamName[];

export function defaultConfig(): Config {
  const c: Record<string, unknown> = {};
  for (const k of PARAM_NAMES) c[k] = SCHEMA[k].default;
  return c as Config;
}

export interface Notice {
  param: string;
  message: string;
}

/**
 * Coerce one raw value (a URL string, a slider value, a JSON field) into a valid value of the
 * parameter. Never throws: an unknown, malformed or out-of-range value is clamped or replaced by
 * `fallback`, and a notice names the parameter and the value used.
 */
export function coerce(name: ParamName, raw: unknown, fallback: unknown): { value: unknown; notice?: Notice } {
  const p: Param = SCHEMA[name];
  const shown = typeof raw === 'string' ? `"${raw}"` : String(raw);
  if (p.type === 'bool') {
    if (raw === true || raw === false) return { value: raw };
    if (raw === '1' || raw === 'true') return { value: true };
    if (raw === '0' || raw === 'false') return { value: false };
    return { value: fallback, notice: { param: name, message: `${name}=${shown} is not 1 or 0; using ${fallback ? 1 : 0}.` } };
  }
  if (p.type === 'enum') {
    if (typeof raw === 'string' && (p.options as readonly string[]).includes(raw)) return { value: raw };
    return { value: fallback, notice: { param: name, message: `${name}=${shown} is not one of ${p.options.join(', ')}; using ${fallback}.` } };
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) {
    return { value: fallback, notice: { param: name, message: `${name}=${shown} is not a number; using ${fallback}.` } };
  }
  let v = p.type === 'int' ? Math.round(n) : n;
  v = Math.min(p.max, Math.max(p.min, v));
  if (v !== n) {
    const why = p.type === 'int' && Number.isInteger(v) && n >= p.min && n <= p.max ? 'must be a whole number' : `must lie in [${p.min}, ${p.max}]`;
    return { value: v, notice: { param: name, message: `${name}=${shown} ${why}; using ${v}.` } };
  }
  return { value: v };
}

/** Validate a whole patch (e.g. in the worker, which trusts no message). */
export function validatePatch(patch: Record<string, unknown>, base: Config): { patch: ConfigPatch; notices: Notice[] } {
  const out: Record<string, unknown> = {};
  const notices: Notice[] = [];
  for (const [k, raw] of Object.entries(patch)) {
    if (!(k in SCHEMA)) {
      notices.push({ param: k, message: `Unknown parameter "${k}" ignored.` });
      continue;
    }
    const name = k as ParamName;
    const { value, notice } = coerce(name, raw, base[name]);
    out[name] = value;
    if (notice) notices.push(notice);
  }
  return { patch: out as ConfigPatch, notices };
}

/**
 * The one rule of what changes live, used by the page and by the trainer alike: a live parameter
 * applies to the running model; any other that differs from `current` needs a new model.
 */
export function splitPatch(patch: ConfigPatch, current: Config): { live: ConfigPatch; reset: ParamName[] } {
  const live: ConfigPatch = {};
  const reset: ParamName[] = [];
  for (const k of Object.keys(patch) as ParamName[]) {
    if (SCHEMA[k].live) (live as Record<string, unknown>)[k] = patch[k];
    else if (patch[k] !== current[k]) reset.push(k);
  }
  return { live, reset };
}

/** Parameters whose change needs a new model. */
export const needsReset = (patch: ConfigPatch, current: Config): ParamName[] => splitPatch(patch, current).reset;
