import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A file under the project's `assets/` folder, found by walking up from this
 * module: the same code runs from `shared/` (tests), `dist/shared/` (CLI) and
 * an unpacked app bundle (`app.asar.unpacked/`), where native readers need a real path.
 */
export function assetPath(...parts: string[]): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const root of [dir, dir.replace(/app\.asar(?=$|[\\/])/, 'app.asar.unpacked')]) {
      const candidate = path.join(root, 'assets', ...parts);
      if (existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`asset not found: assets/${parts.join('/')}`);
}

/**
 * Inside a packaged app, files that native or WebAssembly loaders (and worker
 * threads) read live next to the archive, in `app.asar.unpacked`: use that
 * copy when there is one. Anywhere else the path is returned as it is.
 */
export function unpackedPath(file: string): string {
  const unpacked = file.replace(/app\.asar(?=$|[\\/])/, 'app.asar.unpacked');
  return unpacked !== file && existsSync(unpacked) ? unpacked : file;
}
