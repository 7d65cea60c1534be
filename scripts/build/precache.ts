// The list of files the service worker keeps for offline use (public/sw.js reads it at install):
// everything a lesson can load — the pages' and workers' scripts and styles, the wasm modules,
// the fonts as browsers fetch them (woff2), the MNIST bytes, the lessons' recorded runs, the page
// itself, the manifest and icons — and not the bench page's files. Its `build` changes with any file, so a new build gets a
// new cache and the old one is dropped once the new worker takes over.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const KEEP = /\.(js|css|wasm|woff2|gz|png|svg|webmanifest)$/;

/** The files to keep, relative to the site's root, from the built folder's listing. */
export function precacheFiles(assets: string[], publicFiles: string[]): string[] {
  const own = assets.filter((f) => KEEP.test(f) && !/^bench/.test(f)).map((f) => `assets/${f}`);
  const pub = publicFiles.filter((f) => KEEP.test(f) && f !== 'sw.js').sort((a, b) => Number(a.includes('/')) - Number(b.includes('/')));
  return ['', 'index.html', ...pub, ...own.sort()];
}

export function precache(): Plugin {
  let outDir = 'dist';
  let publicDir = 'public';
  return {
    name: 'lab:precache',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
      publicDir = c.publicDir;
    },
    // after every file is written (the workers' chunks included)
    closeBundle() {
      const files = precacheFiles(readdirSync(join(outDir, 'assets')), readdirSync(publicDir, { recursive: true, encoding: 'utf8' }).map((f) => f.split('\\').join('/')));
      const hash = createHash('sha256').update(files.join('\n')).update(readFileSync(join(outDir, 'index.html')));
      writeFileSync(join(outDir, 'precache.json'), JSON.stringify({ build: hash.digest('hex').slice(0, 12), files }, null, 1));
    },
  };
}
