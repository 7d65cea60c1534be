// Everything a lesson may place on its page.
export { ControlPanel, Control } from './ControlPanel';
export { KnnChart, LossChart } from './Charts';
export { EmbeddingView } from './EmbeddingView';
export { ErrorBanner, Notices } from './Notices';
export { Readouts } from './Readouts';
export { Readout } from './Readout';
export { BackendBadge, Transport } from './Transport';
export { ViewsStrip } from './ViewsStrip';
export { Live } from './Live';
export { SphereView } from './SphereView';
export { SimilarityMatrix } from './SimilarityMatrix';
export { AlignUniformChart } from './AlignUniformChart';
export { SweepPanel, SweepSummary, type SweepPreset } from './SweepPanel';
export { Derivation } from './Derivation';
export { ToyPanel } from './ToyPanel';
export { RunScope } from './run';
export { CollapseGauges } from './CollapseGauges';
export { ComparePanel } from './ComparePanel';
