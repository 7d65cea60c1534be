// `import url from 'some/file?gzip'`: the file as a gzip asset, and its URL. The worker inflates it
// as it downloads (DecompressionStream, src/worker/assets.ts). MNIST's 7.8 MB travel as 1.6 MB on
// any host, and `vite preview`, which gzips unknown files on every request (half a second of CPU
// on a 2-core laptop, while the page starts), serves them as they are.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const PREFIX = '\0lab-gzip:';
const DEV_URL = '/@lab-gzip/';

/** The gzip of a file, once per process. */
const packed = new Map<string, Buffer>();
export function gzipOf(file: string): Buffer {
  if (!packed.has(file)) packed.set(file, gzipSync(readFileSync(file), { level: 9 }));
  return packed.get(file)!;
}

export function gzipAsset(): Plugin {
  let serving = false;
  const byName = new Map<string, string>();
  return {
    name: 'lab:gzip-asset',
    enforce: 'pre',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    async resolveId(source, importer) {
      if (!source.endsWith('?gzip')) return null;
      const resolved = await this.resolve(source.slice(0, -'?gzip'.length), importer, { skipSelf: true });
      return resolved && PREFIX + resolved.id;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length);
      const name = `${basename(file)}.gz`;
      if (serving) {
        byName.set(name, file);
        return `export default ${JSON.stringify(DEV_URL + name)};`;
      }
      const ref = this.emitFile({ type: 'asset', name, source: gzipOf(file) });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = req.url?.startsWith(DEV_URL) && byName.get(req.url.slice(DEV_URL.length));
        if (!file) return next();
        res.setHeader('Content-Type', 'application/gzip');
        res.end(gzipOf(file));
      });
    },
  };
}
