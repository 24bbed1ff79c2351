// Security lint of the desktop app: electronegativity over electron/ and
// renderer/ together (so that the global checks, such as the CSP one, see the
// window's index.html next to the main process). Fails on any finding above
// INFORMATIONAL. Run by .ci/run; `npm run lint:electron` runs it by hand.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

/**
 * Checks left out, each with the reason. Keep this list short and justified.
 * PRELOAD_JS_CHECK is a reminder to review any preload: ours (electron/preload.cts)
 * runs sandboxed, exposes one typed object through contextBridge and no Node API,
 * and its IPC is answered only for the app's own page (test/electronShell.test.ts).
 */
const EXCLUDED = ['PreloadJSCheck']; // reported as PRELOAD_JS_CHECK

const work = mkdtempSync(path.join(os.tmpdir(), 'idredact-electronegativity-'));
try {
  const app = path.join(work, 'app');
  for (const folder of ['electron', 'renderer']) {
    cpSync(path.join(root, folder), path.join(app, folder), {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}node_modules`),
    });
  }
  const csv = path.join(work, 'findings.csv');
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'),
      '--input',
      app,
      '--electron-version',
      electronVersion,
      '--exclude-checks',
      EXCLUDED.join(','),
      '--relative',
      '--verbose',
      'false',
      '--output',
      csv,
    ],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (run.status !== 0 || !existsSync(csv)) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error(`electronegativity did not run to the end (exit ${run.status})`);
  }
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).filter(Boolean);
  const serious = rows.filter((row) => !/^[A-Z_]+,"INFORMATIONAL"/.test(row));
  for (const row of rows) process.stdout.write(`${row}\n`);
  if (serious.length > 0) {
    process.stderr.write(`electronegativity: ${serious.length} finding(s) above INFORMATIONAL\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(
      `electronegativity ${electronVersion}: no finding above INFORMATIONAL in electron/ and renderer/ (excluded: ${EXCLUDED.join(', ')})\n`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
