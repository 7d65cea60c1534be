// Types for scripts/harness.mjs (plain Node, so that it runs before the packages are installed).
export interface StepResult {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
  skips: string[];
}
export const ROOT: string;
export function run(cmd: string, args: string[], opts?: object): number;
export function judgeVitest(report: unknown, status: number, output?: string): StepResult;
export function judgePlaywright(report: unknown, status: number): StepResult;
export function unitStep(outDir: string, args?: string[]): StepResult;
export function e2eStep(outDir: string, args?: string[]): StepResult;
export function summarise(steps: [string, StepResult][], say: (s: string) => void): { passed: number; failed: number; skipped: number };
export function say(s: string): void;
export function nodeIsNewEnough(version: string): boolean;
export function judgeTsc(out: string, status: number): StepResult;
export function typecheckStep(): StepResult;
export function judgeReference(out: string, status: number): StepResult;
export function referenceStep(dir: string): StepResult;
export function judgeDispatch(out: string, status: number): StepResult & { row?: Record<string, number | string> };
export function dispatchStep(): StepResult & { row?: Record<string, number | string> };
