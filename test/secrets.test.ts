import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawTd1Back, drawTd1Front, drawTd3 } from './fixtures/documents.js';
import { PEOPLE, td1Lines, td3Lines } from './fixtures/mrzText.js';
import { specimenPortrait } from './fixtures/portraits.js';
import { encodeScene, renderScene, singleDocumentScene } from './fixtures/scene.js';
import { runCli, tempDir, type CliResult } from './helpers/cli.js';

/**
 * A batch with known numbers goes through `redact` and `verify` (reports,
 * JSON on stdout, annotations) and every text the runs produce is searched
 * for the values they must never print: document numbers, personal numbers,
 * the card-access number and any stretch of an MRZ line. The runs get empty
 * folders as working directory, HOME and TMPDIR, which must stay empty: no
 * temporary file, cache or log holds pixels or values.
 */

const CAN = '583920';

let dir: string;
let cleanup: () => Promise<void>;
const runs: CliResult[] = [];
const scratch = { cwd: '', home: '', tmp: '' };
let out: string;
let annotated: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('idredact-secrets-'));
  const photo = await specimenPortrait();
  const inputs = path.join(dir, 'in');
  await mkdir(inputs);
  await writeFile(
    path.join(inputs, 'passport.png'),
    await encodeScene(singleDocumentScene(drawTd3(PEOPLE.passport, 200, { photo })), 'png'),
  );
  const card = renderScene(
    [
      {
        doc: drawTd1Front(PEOPLE.card, 250, { photo, can: { value: CAN, labelled: true } }),
        center: { x: 470, y: 330 },
        angleDeg: 0,
      },
      { doc: drawTd1Back(PEOPLE.card, 250), center: { x: 1430, y: 330 }, angleDeg: 0 },
    ],
    { width: 1900, height: 660, background: '#d0d0d0' },
  );
  await writeFile(path.join(inputs, 'card.jpg'), await encodeScene(card, 'jpeg'));
  // A file that fails, so that error paths print too.
  await writeFile(path.join(inputs, 'broken.png'), (await encodeScene(card, 'png')).subarray(0, 5000));

  for (const key of Object.keys(scratch) as (keyof typeof scratch)[]) {
    scratch[key] = path.join(dir, key);
    await mkdir(scratch[key]);
  }
  out = path.join(dir, 'out');
  annotated = path.join(dir, 'annotated');
  const env = { HOME: scratch.home, TMPDIR: scratch.tmp, TMP: scratch.tmp, TEMP: scratch.tmp };
  const cli = (args: string[]): Promise<CliResult> => runCli(args, env, scratch.cwd);
  runs.push(
    await cli(['redact', inputs, '--out', out, '--report', path.join(dir, 'reports', 'redact.json'), '--jobs', '2']),
  );
  // The originals leak: verify finds and describes every leak without quoting it.
  runs.push(
    await cli([
      'verify',
      inputs,
      '--json',
      '--annotate',
      annotated,
      '--report',
      path.join(dir, 'reports', 'verify-originals.json'),
    ]),
  );
  runs.push(await cli(['verify', out, '--report', path.join(dir, 'reports', 'verify-copies.json')]));
}, 300_000);
afterAll(() => cleanup());

/** Every value the runs must not print, and every 10-character stretch of an MRZ line that holds a digit. */
function secrets(): string[] {
  const values = [
    PEOPLE.passport.documentNumber,
    PEOPLE.passport.optional,
    PEOPLE.card.documentNumber,
    PEOPLE.card.optional,
    CAN,
  ];
  const lines = [...td3Lines(PEOPLE.passport), ...td1Lines(PEOPLE.card)];
  const stretches = lines.flatMap((line) =>
    Array.from({ length: line.length - 9 }, (_, i) => line.slice(i, i + 10)).filter((s) => /\d/.test(s)),
  );
  return [...values, ...stretches];
}

async function textFilesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(json|txt|log|csv)$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('no sensitive value in logs, reports or messages', () => {
  it('the runs did their work (so that there was something to leak)', () => {
    const [redact, verifyOriginals, verifyCopies] = runs;
    expect(redact!.code).toBe(2); // broken.png
    expect(redact!.stdout).toMatch(/3 files: 2 redacted, 0 to review, 1 failed/);
    expect(verifyOriginals!.code).toBe(2);
    expect(verifyOriginals!.stderr).toMatch(/LEAKS .*card\.jpg/);
    expect(verifyCopies!.code).toBe(0);
  });

  it('prints none of them, writes none of them to a report', async () => {
    const texts = runs.flatMap((r) => [r.stdout, r.stderr]);
    const files = [...(await textFilesBelow(dir))];
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      'redact.json',
      'verify-copies.json',
      'verify-originals.json',
    ]);
    for (const file of files) texts.push(await readFile(file, 'utf8'));
    const everything = texts.join('\n');
    // Masked forms are there: the check is looking at the right text.
    expect(everything).toContain('XR4*****7');
    for (const secret of secrets()) expect(everything, `"${secret}" appears in the output`).not.toContain(secret);
  });

  it('leaves the working directory, HOME and TMPDIR empty: no temp file, cache or log', async () => {
    for (const [name, folder] of Object.entries(scratch)) expect(await readdir(folder), name).toEqual([]);
    // Beside the copies themselves, nothing: no temporary file of the atomic export.
    expect((await readdir(out)).sort()).toEqual(['card.redacted.jpg', 'passport.redacted.png']);
    expect((await readdir(annotated)).sort()).toEqual(['card.annotated.png', 'passport.annotated.png']);
  });
});
