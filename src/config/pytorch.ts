// "Copy as PyTorch": a run's hyperparameters as a short, self-contained Python file, written from
// the schema (every parameter the run's method reads, nothing else), with the augmentations as
// torchvision transforms, the optimiser and the learning-rate schedule the lab uses, and a
// "# paper:" note wherever the run departs from the paper's default (values from the official
// code and papers, as the project's research notes on the methods record them).
import { METHODS, type MethodId } from './methods';
import { PARAM_NAMES, SCHEMA, type Config, type ParamName } from './schema';

type Paper = Partial<Record<ParamName, { value: number | boolean; note: string }>>;

/** Each method's published defaults for the parameters the lab shares with it. */
export const PAPER: Record<MethodId, Paper> = {
  simclr: {
    temperature: { value: 0.5, note: 'CIFAR-10 recipe; 0.1 on ImageNet' },
    batchSize: { value: 4096, note: 'ImageNet, LARS' },
    weightDecay: { value: 1e-6, note: 'ImageNet; 1e-4 in the README recipes' },
    cropMinScale: { value: 0.08, note: 'RandomResizedCrop' },
    jitterStrength: { value: 0.5, note: 'CIFAR-10; 1.0 on ImageNet' },
    embedDim: { value: 128, note: '' },
  },
  moco: {
    temperature: { value: 0.2, note: 'MoCo v2' },
    queueSize: { value: 65536, note: '' },
    keyMomentum: { value: 0.999, note: '' },
    batchSize: { value: 256, note: 'SGD lr 0.03' },
    weightDecay: { value: 1e-4, note: '' },
    embedDim: { value: 128, note: '' },
  },
  byol: {
    emaMomentum: { value: 0.996, note: '1000 epochs; 0.99 for 100–300' },
    batchSize: { value: 4096, note: 'LARS' },
    weightDecay: { value: 1.5e-6, note: '' },
    embedDim: { value: 256, note: 'projection 4096→256' },
  },
  simsiam: {
    batchSize: { value: 512, note: 'SGD lr 0.05×bs/256' },
    weightDecay: { value: 1e-4, note: '' },
    embedDim: { value: 2048, note: '' },
  },
  dino: {
    teacherTemp: { value: 0.04, note: '0.07 with a 30-epoch warm-up from 0.04' },
    studentTemp: { value: 0.1, note: '' },
    centerMomentum: { value: 0.9, note: '' },
    emaMomentum: { value: 0.996, note: 'cosine to 1' },
    prototypes: { value: 65536, note: '' },
    localCrops: { value: 8, note: 'code default; 10 in the paper' },
  },
  ibot: {
    teacherTemp: { value: 0.04, note: '[CLS]; 0.07 in the README recipe' },
    teacherPatchTemp: { value: 0.07, note: 'warm-up from 0.04' },
    emaMomentum: { value: 0.996, note: '' },
    prototypes: { value: 8192, note: '' },
    maskProb: { value: 0.5, note: '' },
    maskRatioMin: { value: 0.1, note: '' },
    maskRatioMax: { value: 0.5, note: '' },
    sharedHead: { value: true, note: 'README recipe' },
    localCrops: { value: 10, note: 'README recipe' },
  },
  dinov2: {
    teacherTemp: { value: 0.07, note: 'after a warm-up from 0.04' },
    emaMomentum: { value: 0.992, note: 'default config; 0.994 for ViT-g' },
    prototypes: { value: 65536, note: '' },
    koleoWeight: { value: 0.1, note: '' },
    maskProb: { value: 0.5, note: '' },
    maskRatioMin: { value: 0.1, note: '' },
    maskRatioMax: { value: 0.5, note: '' },
    sharedHead: { value: false, note: 'untied heads (ViT-g)' },
  },
};

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const py = (v: unknown) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Why a parameter is not in the file: null if it is. */
export function omitted(name: ParamName, method: MethodId, config: Config): string | null {
  const p = SCHEMA[name];
  if (p.methods && !p.methods.includes(method)) return `not read by ${METHODS[method].title}`;
  if (name === 'shapesLevel' && config.dataset !== 'shapes') return 'only for the Shapes data set';
  if (name.startsWith('vit') && config.backbone !== 'vit') return 'only for the ViT backbone';
  return null;
}

export function pytorchSnippet(method: MethodId, config: Config, meta: { step?: number; lesson?: string | null } = {}): string {
  const paper = PAPER[method];
  const lines = PARAM_NAMES.filter((k) => omitted(k, method, config) === null).map((k) => {
    const d = paper[k];
    const departs = d && d.value !== config[k] ? `  # paper: ${py(d.value)}${d.note ? ` (${d.note})` : ''}` : '';
    return `    ${snake(k)}=${py(config[k])},${departs}`;
  });
  const c = config;
  const aug = [
    c.crop ? `    T.RandomResizedCrop(32, scale=(${c.cropMinScale}, 1.0)),` : null,
    c.flip ? '    T.RandomHorizontalFlip(),' : null,
    c.colorJitter ? `    T.RandomApply([T.ColorJitter(${+(0.8 * c.jitterStrength).toFixed(4)}, ${+(0.8 * c.jitterStrength).toFixed(4)}, ${+(0.8 * c.jitterStrength).toFixed(4)}, ${+(0.2 * c.jitterStrength).toFixed(4)})], p=0.8),` : null,
    c.grayscale ? `    T.RandomGrayscale(p=${c.grayscaleProb}),` : null,
    c.blur ? `    T.RandomApply([T.GaussianBlur(3, sigma=(0.1, ${c.blurSigma}))], p=0.5),` : null,
    '    T.ToTensor(),',
  ].filter(Boolean);
  const opt =
    c.optimizer === 'adam'
      ? 'torch.optim.AdamW(params, lr=hp["lr"], weight_decay=hp["weight_decay"])  # Adam with decoupled weight decay'
      : 'torch.optim.SGD(params, lr=hp["lr"], momentum=0.9)  # the lab decays weights decoupled: p -= lr * weight_decay * p after each step';
  return [
    `# ${METHODS[method].title} as trained in the Contrastive Lab${meta.lesson ? ` (lesson “${meta.lesson}”)` : ''}${meta.step ? `, exported at step ${meta.step}` : ''}.`,
    '# Every hyperparameter the run used, from the lab’s schema; “# paper:” marks a departure from the',
    '# published default. The lab trains small (32×32 images, a small CNN or ViT), so several depart.',
    'import math',
    '',
    'import torch',
    'import torchvision.transforms as T',
    '',
    'hp = dict(',
    `    method=${py(method)},`,
    ...lines,
    ')',
    'torch.manual_seed(hp["seed"])',
    '',
    '# each view of an image: the augmentations switched on above',
    'augment = T.Compose([',
    ...aug,
    '])',
    '',
    '',
    'def make_optimizer(params):',
    `    return ${opt}`,
    '',
    '',
    'def lr_at(done):',
    '    """The learning rate of the step after `done` steps: linear warm-up, then cosine to 0 over the budget."""',
    '    if done < hp["warmup_steps"]:',
    '        return hp["lr"] * (done + 1) / hp["warmup_steps"]',
    '    if done >= hp["steps"]:',
    '        return 0.0',
    '    t = (done - hp["warmup_steps"]) / max(1, hp["steps"] - hp["warmup_steps"])',
    '    return hp["lr"] * 0.5 * (1 + math.cos(math.pi * t))',
    '',
  ].join('\n');
}
