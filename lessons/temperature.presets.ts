// The temperature lesson's sweeps. A sweep of five models shares two CPU cores, so its runs use a
// smaller batch than the single run (32 instead of 128) to keep the clock moving on wasm.
import type { SweepPreset } from '../src/ui/widgets/SweepPanel';

export const TAU_VALUES = [0.05, 0.1, 0.2, 0.5, 1];
export const BATCH_VALUES = [32, 128, 256];

export const TEMPERATURE_SWEEPS: SweepPreset[] = [
  { id: 'single', label: 'One run (τ from the slider)', sweep: null, patch: { batchSize: 128 } },
  { id: 'tau', label: 'τ sweep: 0.05 · 0.1 · 0.2 · 0.5 · 1', sweep: { param: 'temperature', values: TAU_VALUES }, patch: { batchSize: 32 } },
  { id: 'batch', label: 'Batch sweep: N = 32 · 128 · 256', sweep: { param: 'batchSize', values: BATCH_VALUES }, patch: { temperature: 0.1 } },
];
