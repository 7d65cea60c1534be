// For the measured-lesson tests: a run file's settings against the page's. A parameter the file
// lacks was added to the lab after the run; its default is the behaviour the run had then.
import { expect } from 'vitest';
import { SCHEMA, type ParamName } from '../src/config/schema';

export function expectSameSettings(fileConfig: Record<string, unknown>, page: Record<string, unknown>, label: string): void {
  for (const [k, v] of Object.entries(page)) expect(k in fileConfig ? fileConfig[k] : SCHEMA[k as ParamName].default, `${label}: ${k}`).toEqual(v);
}
