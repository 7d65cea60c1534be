// The worker: a thin switch from messages to the Runner. tfjs lives here and only here.
/// <reference lib="webworker" />
import { fetchBytes, WASM_PATHS } from './assets';
import type { UiToWorker, WorkerToUi } from './protocol';
import { Runner } from './runner';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: WorkerToUi, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);
const runner = new Runner(post, { bytes: fetchBytes, wasmPaths: WASM_PATHS });

// Messages are handled in order: a 'step' sent right after 'init' waits for the model to exist.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<UiToWorker>) => {
  queue = queue.then(() =>
    runner.handle(e.data).catch((err: unknown) => {
      post({ type: 'error', kind: 'crash', step: 0, message: String((err as Error)?.stack ?? err) });
      post({ type: 'status', status: 'error', step: 0 });
    }),
  );
};
