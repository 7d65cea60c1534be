// What a report may keep between its calls for one run, and what the worker tells it about the
// page. The run owns this (the worker's run slot, or a tool's own object), never the trainer.
import type { StepRecord } from '../trainer';
import type { EvalSizes } from './evaluation';

/** Step-0 baselines and sign-continuity bases of one run: reset with the run, not with a report. */
export interface RunMemo {
  /** the embedding view's last PCA basis (signs kept between frames) */
  basis?: Float64Array;
  /** the patch-feature PCA's last basis: colours keep their sign between frames */
  patchBasis?: Float64Array;
  /** per head, the untrained ViT's attention Jaccard on the first `n` held-out images */
  attentionAtInit?: { n: number; jaccard: number[] };
  /** the untrained ViT's patch-PCA foreground Jaccard on the first `n` held-out images */
  patchesAtInit?: { n: number; jaccard: number };
  /** the best centred disc's Jaccard on the first `n` held-out images (fixed data: measured once) */
  discPrior?: { n: number; jaccard: number };
}

/** The masks the masked-patch figure inspects with: every shown image hidden at `ratio`, drawn from `seed`. */
export interface MaskView {
  ratio: number;
  seed: number;
}

export interface ReportContext {
  memo: RunMemo;
  /** runs sharing the page (and the CPU): some reports draw fewer points each */
  runs: number;
  maskView: MaskView;
  /** an evaluation at a reset (step 0): what later ones are read against */
  initial: boolean;
  /** the page's own evaluation sizes (tests), in place of the table's */
  evalSizes?: EvalSizes;
  /** a report that trains (the profiled step of the memory meter) hands its step's record here */
  onStep?: (record: StepRecord) => void;
}

export const freshContext = (memo: RunMemo = {}): ReportContext => ({ memo, runs: 1, maskView: { ratio: 0.4, seed: 1 }, initial: false });
