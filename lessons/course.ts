// The lecture's journey as data: each method, the limit of what came before it that it answers,
// its mechanism in a sentence, and the lessons that teach it; and the papers' results tables the
// lecture shows, each with its source. The home page draws both.
import type { MethodId } from '../src/config/methods';
import type { ResultsTable } from '../src/ui/widgets/PaperTable';

export interface JourneyStep {
  method: MethodId;
  year: number;
  /** the limit of the previous step that this one answers (the lecture's "why evolve?") */
  answers: string;
  mechanism: string;
  lessons: string[];
  paper: string;
}

export const JOURNEY: JourneyStep[] = [
  {
    method: 'moco',
    year: 2020,
    answers: 'Contrastive learning wants thousands of negatives, and in one batch that means a batch of thousands.',
    mechanism: 'Keys from past batches wait in a queue, encoded by a slow momentum copy of the encoder, so a batch of 256 meets 65,536 negatives.',
    lessons: ['moco'],
    paper: 'He et al., CVPR 2020; Chen et al., "Improved Baselines" (MoCo v2), 2020',
  },
  {
    method: 'simclr',
    year: 2020,
    answers: 'Do we need the queue and the momentum encoder at all?',
    mechanism: 'No: two strong augmentations, a projection head and NT-Xent over the other 2N − 2 views of a large batch; the paper measures which augmentations and which head matter.',
    lessons: ['simclr', 'temperature', 'projection-head'],
    paper: 'Chen, Kornblith, Norouzi, Hinton, ICML 2020',
  },
  {
    method: 'byol',
    year: 2020,
    answers: 'Negatives need big batches or queues, and they push apart images of the same class.',
    mechanism: 'No negatives: an online network with a predictor predicts what a momentum target network makes of another view.',
    lessons: ['collapse', 'small-batch'],
    paper: 'Grill et al., NeurIPS 2020',
  },
  {
    method: 'simsiam',
    year: 2021,
    answers: 'Is even the momentum target needed?',
    mechanism: 'One encoder on both sides, a predictor on one and a stop-gradient on the other are enough to avoid collapse.',
    lessons: ['collapse'],
    paper: 'Chen and He, CVPR 2021',
  },
  {
    method: 'dino',
    year: 2021,
    answers: 'Without negatives, what keeps the outputs apart, and what do Vision Transformers learn this way?',
    mechanism: 'A student matches a centred, sharpened EMA teacher over K prototypes, seeing small local crops the teacher never sees; the ViT’s attention finds objects.',
    lessons: ['dino'],
    paper: 'Caron et al., ICCV 2021',
  },
  {
    method: 'ibot',
    year: 2022,
    answers: 'DINO learns one vector per image: what about the parts?',
    mechanism: 'Masked image modelling with an online tokenizer: the student predicts the teacher’s prototype distribution for patches it cannot see.',
    lessons: ['ibot'],
    paper: 'Zhou et al., ICLR 2022',
  },
  {
    method: 'dinov2',
    year: 2023,
    answers: 'How does the recipe hold up at scale, and on uncurated data?',
    mechanism: 'DINO’s and iBOT’s losses with untied heads, Sinkhorn-Knopp instead of centering, the KoLeo spreading term, and 142 million curated images.',
    lessons: ['dinov2'],
    paper: 'Oquab et al., TMLR 2024 (arXiv 2023)',
  },
];

export const RESULTS: ResultsTable[] = [
  {
    id: 'imagenet-linear',
    title: 'ImageNet linear evaluation, ResNet-50',
    source: 'Grill et al. 2020 (BYOL), Table 1(a)',
    columns: ['method', 'top-1', 'top-5'],
    rows: [
      ['Local Agg.', 60.2, null],
      ['PIRL', 63.6, null],
      ['CPC v2', 63.8, 85.3],
      ['CMC', 66.2, 87.0],
      ['SimCLR', 69.3, 89.0],
      ['MoCo v2', 71.1, null],
      ['InfoMin Aug.', 73.0, 91.1],
      ['BYOL', 74.3, 91.6],
    ],
  },
  {
    id: 'moco-simclr',
    title: 'MoCo v2 against SimCLR: ImageNet linear top-1, ResNet-50',
    source: 'Chen, Fan, Girshick, He 2020 ("Improved Baselines with Momentum Contrastive Learning"), Table 2',
    columns: ['method', 'MLP head', 'aug+', 'cosine lr', 'epochs', 'batch', 'top-1'],
    rows: [
      ['MoCo v1', '', '', '', 200, 256, 60.6],
      ['SimCLR', '✓', '✓', '✓', 200, 256, 61.9],
      ['SimCLR', '✓', '✓', '✓', 200, 8192, 66.6],
      ['MoCo v2', '✓', '✓', '✓', 200, 256, 67.5],
      ['SimCLR', '✓', '✓', '✓', 1000, 4096, 69.3],
      ['MoCo v2', '✓', '✓', '✓', 800, 256, 71.1],
    ],
    note: 'With the same batch of 256, the queue wins by 5.6 points; SimCLR needs a batch of 8,192 to come close.',
  },
  {
    id: 'byol-transfer',
    title: 'Transfer by linear evaluation from ImageNet, ResNet-50',
    source: 'Grill et al. 2020 (BYOL), Table 3 (linear evaluation rows)',
    columns: ['method', 'Food101', 'CIFAR10', 'CIFAR100', 'Birdsnap', 'SUN397', 'Cars', 'Aircraft', 'VOC2007', 'DTD', 'Pets', 'Caltech-101', 'Flowers'],
    rows: [
      ['BYOL', 75.3, 91.3, 78.4, 57.2, 62.2, 67.8, 60.6, 82.5, 75.5, 90.4, 94.2, 96.1],
      ['SimCLR (repro)', 72.8, 90.5, 74.4, 42.4, 60.6, 49.3, 49.8, 81.4, 75.7, 84.6, 89.3, 92.6],
      ['SimCLR', 68.4, 90.6, 71.6, 37.4, 58.8, 50.3, 50.3, 80.5, 74.5, 83.6, 90.3, 91.2],
      ['Supervised on ImageNet', 72.3, 93.6, 78.3, 53.7, 61.9, 66.7, 61.0, 82.8, 74.9, 91.5, 94.5, 94.7],
    ],
  },
  {
    id: 'dino-knn',
    title: 'ImageNet linear and kNN top-1',
    source: 'Caron et al. 2021 (DINO), Table 2',
    columns: ['method', 'architecture', 'params (M)', 'images/s', 'linear', 'k-NN'],
    rows: [
      ['Supervised', 'RN50', 23, 1237, 79.3, 79.3],
      ['SimCLR', 'RN50', 23, 1237, 69.1, 60.7],
      ['MoCo v2', 'RN50', 23, 1237, 71.1, 61.9],
      ['BYOL', 'RN50', 23, 1237, 74.4, 64.8],
      ['SwAV', 'RN50', 23, 1237, 75.3, 65.7],
      ['DINO', 'RN50', 23, 1237, 75.3, 67.5],
      ['Supervised', 'ViT-S', 21, 1007, 79.8, 79.8],
      ['BYOL', 'ViT-S', 21, 1007, 71.4, 66.6],
      ['MoCo v2', 'ViT-S', 21, 1007, 72.7, 64.4],
      ['SwAV', 'ViT-S', 21, 1007, 73.5, 66.3],
      ['DINO', 'ViT-S', 21, 1007, 77.0, 74.5],
      ['DINO', 'ViT-B/16', 85, 312, 78.2, 76.1],
      ['DINO', 'ViT-S/8', 21, 180, 79.7, 78.3],
      ['DINO', 'ViT-B/8', 85, 63, 80.1, 77.4],
    ],
    note: 'A subset of the table. BYOL, MoCo v2 and SwAV on ViT-S were run by the DINO authors.',
  },
  {
    id: 'dinov2-ladder',
    title: 'From iBOT to DINOv2, one ingredient at a time (ImageNet-1k)',
    source: 'Oquab et al. 2023 (DINOv2), Table 1',
    columns: ['step', 'k-NN', 'linear'],
    rows: [
      ['iBOT', 72.9, 82.3],
      ['+ (their reproduction)', 74.5, 83.2],
      ['+ LayerScale, stochastic depth', 75.4, 82.0],
      ['+ 128k prototypes', 76.6, 81.9],
      ['+ KoLeo', 78.9, 82.5],
      ['+ SwiGLU FFN', 78.7, 83.1],
      ['+ patch size 14', 78.9, 83.5],
      ['+ teacher momentum 0.994', 79.4, 83.6],
      ['+ tweaked warm-up schedules', 80.5, 83.8],
      ['+ batch size 3k', 81.7, 84.7],
      ['+ Sinkhorn-Knopp', 81.7, 84.7],
      ['+ untying heads = DINOv2', 82.0, 84.5],
    ],
  },
];

/** One of the lecture's tables by id, for a lesson's PaperTable (an unknown id fails the build's tests, not the page). */
export function resultsTable(id: string): ResultsTable {
  const t = RESULTS.find((r) => r.id === id);
  if (!t) throw new Error(`No results table "${id}" in lessons/course.ts`);
  return t;
}
