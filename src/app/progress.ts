// Which lessons this browser has opened, and how far it trained in each: kept in localStorage
// only (nothing leaves the page), and harmless when storage is unavailable.
const KEY = 'contrastive-lab:progress';

export type Progress = Record<string, { visited: boolean; steps: number }>;

export function readProgress(): Progress {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as Progress;
  } catch {
    return {};
  }
}

export function recordLesson(id: string, steps = 0): void {
  try {
    const p = readProgress();
    const was = p[id] ?? { visited: false, steps: 0 };
    if (was.visited && steps <= was.steps) return;
    p[id] = { visited: true, steps: Math.max(was.steps, steps) };
    globalThis.localStorage?.setItem(KEY, JSON.stringify(p));
  } catch {
    // private mode or storage full: progress is a convenience, never an error
  }
}
