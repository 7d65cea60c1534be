import type { BackendName } from '../engine/backend';
import type { Config } from '../config/schema';
import type { MethodId } from '../config/methods';

export interface BenchRequest {
  backend: BackendName;
  method: MethodId;
  config: Config;
  warmup: number;
  steps: number;
  /** wasm's thread pool (ignored by the other backends) */
  threads?: number;
}

export interface BenchResult {
  backend: BackendName;
  method: MethodId;
  software: boolean;
  adapter: string;
  batchSize: number;
  /** wasm's thread pool as it ran */
  threads?: number;
  stepMs: number[];
  stepMsMedian: number;
  flopsPerStep: number;
  gflops: number;
  matmulGflops: number;
  fractionOfMatmul: number;
  numTensorsBefore: number;
  numTensorsAfter: number;
  error?: string;
}
