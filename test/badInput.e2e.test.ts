import { mkdir, readdir, readFile, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueOutputStems } from '../shared/export/outputNames.js';
import type { BatchReport } from '../shared/report.js';
import { makeBadInputs, type BadInput } from './fixtures/badInputs.js';
import { drawTd1Back } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { encodeScene, singleDocumentScene, type Scene } from './fixtures/scene.js';
import { runCli, tempDir, type CliResult } from './helpers/cli.js';
import { blackShare, decode } from './helpers/pixels.js';

/** Every failed file must be explained within this time (the slowest bad file measured ~0.3 s). */
const PER_FILE_LIMIT_MS = 10_000;
/** Memory bound for the whole run (measured ~0.8 GB with two OCR workers, the face model and pdf.js). */
const PEAK_RSS_LIMIT_MB = 1_500;
const isRoot = process.getuid?.() === 0;

let dir: string;
let cleanup: () => Promise<void>;
let cases: BadInput[];
let result: CliResult;
let report: BatchReport;
let out: string;
let cardScene: Scene;
const twins = { a: '', b: '' };

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('idredact-bad-'));
  const inputs = path.join(dir, 'in');
  const suite = await makeBadInputs(inputs);
  cases = suite.cases;
  // Two different files with the same name in different folders: neither copy may overwrite the other.
  cardScene = singleDocumentScene(drawTd1Back(PEOPLE.card, 200));
  twins.a = path.join(inputs, 'twin-a', 'card.png');
  twins.b = path.join(inputs, 'twin-b', 'card.jpg');
  await mkdir(path.dirname(twins.a));
  await mkdir(path.dirname(twins.b));
  await writeFile(twins.a, await encodeScene(cardScene, 'png'));
  await writeFile(twins.b, await encodeScene(cardScene, 'jpeg'));
  let unreadable: string | undefined;
  if (!isRoot) {
    unreadable = path.join(inputs, 'no-permission.png');
    await writeFile(unreadable, 'x');
    await chmod(unreadable, 0o000);
    cases.push({ file: unreadable, expect: 'unreadable', why: 'no read permission' });
  }
  out = path.join(dir, 'out');
  const reportFile = path.join(dir, 'report.json');
  result = await runCli([
    'redact',
    ...suite.args,
    twins.a,
    twins.b,
    ...(unreadable ? [unreadable] : []),
    '--out',
    out,
    '--format',
    'png',
    '--jobs',
    '2',
    '--report',
    reportFile,
  ]);
  report = JSON.parse(await readFile(reportFile, 'utf8')) as BatchReport;
}, 240_000);
afterAll(() => cleanup());

describe('bad input in a batch', () => {
  it('exits 2 and reports every file once, the good ones redacted', () => {
    expect(result.code).toBe(2);
    const reported = report.files.map((f) => f.file).sort();
    expect(reported).toEqual([...cases.map((c) => c.file), twins.a, twins.b].sort());
    for (const c of cases.filter((x) => x.expect === 'ok')) {
      const entry = report.files.find((f) => f.file === c.file)!;
      expect(entry.status, `${c.why}: ${entry.error?.message}`).not.toBe('error');
    }
  });

  it('gives each bad file one line naming the file and the reason, within the time bound', () => {
    for (const c of cases.filter((x) => x.expect !== 'ok')) {
      const entry = report.files.find((f) => f.file === c.file)!;
      expect(entry.status, c.why).toBe('error');
      expect(entry.error?.reason, `${c.why}: ${entry.error?.message}`).toBe(c.expect);
      expect(entry.error?.message.startsWith(`${c.file}: `), c.why).toBe(true);
      expect(entry.error?.message).not.toContain('\n');
      expect(entry.output).toBeUndefined();
      expect(entry.timings.totalMs, c.why).toBeLessThan(PER_FILE_LIMIT_MS);
      const lines = result.stderr.split('\n').filter((l) => l.includes(c.file));
      expect(lines, c.why).toEqual([`error   ${entry.error!.message}`]);
    }
  });

  it('names the reason in words a person understands', () => {
    const message = (name: string): string => report.files.find((f) => f.file.endsWith(name))!.error!.message;
    expect(message('empty.png')).toMatch(/empty/);
    expect(message('truncated.pdf')).toMatch(/truncated/);
    expect(message('truncated.png')).toMatch(/truncated/);
    expect(message('/password.pdf')).toMatch(/password/);
    expect(message('500-pages.pdf')).toMatch(/500 pages exceeds the limit of 100/);
    expect(message('bomb.png')).toMatch(/too large/);
    expect(message('notes.jpg')).toMatch(/not a supported image or PDF/);
    expect(message('pipe.jpg')).toMatch(/not a regular file/);
  });

  it('writes a copy for each good file and nothing else: no partial output, no temp file', async () => {
    const expected = report.files.filter((f) => f.status !== 'error').map((f) => path.basename(f.output!));
    expect((await readdir(out)).sort()).toEqual(expected.sort());
    expect(expected).toContain('Pasfoto Zoë Ünal 護照.redacted.png');
  });

  it('gives two inputs with the same name two copies, in batch order', async () => {
    const a = report.files.find((f) => f.file === twins.a)!;
    const b = report.files.find((f) => f.file === twins.b)!;
    expect(path.basename(a.output!)).toBe('card.redacted.png');
    expect(path.basename(b.output!)).toBe('card-2.redacted.png');
    for (const copy of [a.output!, b.output!]) {
      const pixels = await decode(copy);
      for (const quad of cardScene.docs[0]!.mrzChars.flat()) expect(blackShare(pixels, quad, 0)).toBe(1);
    }
  });

  it('covers the MRZ of the encrypted PDF that opens without a password and of the rebuilt one', async () => {
    for (const name of ['owner-password.pdf', 'bad-xref.pdf']) {
      const entry = report.files.find((f) => f.file.endsWith(name))!;
      expect(
        entry.pages[0]!.regions.some((r) => r.kind === 'mrz'),
        name,
      ).toBe(true);
      expect(entry.pages[0]!.mrz[0]?.allChecksValid, name).toBe(true);
    }
  });

  it('keeps memory bounded and says how much it used', () => {
    expect(report.peakRssMb).toBeGreaterThan(50);
    expect(report.peakRssMb).toBeLessThan(PEAK_RSS_LIMIT_MB);
  });
});

describe('an output folder that cannot be written', () => {
  it('stops before any work with one clear line and exit 2', async () => {
    const file = path.join(dir, 'in', 'mixed', 'scan.pdf');
    const blocked = path.join(dir, 'in', 'empty.png', 'out'); // a folder inside a file
    const started = performance.now();
    const run = await runCli(['redact', file, '--out', blocked]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`idredact: ${blocked}: output folder cannot create it (ENOTDIR)`);
    expect(run.stdout).toBe('');
    expect(performance.now() - started).toBeLessThan(PER_FILE_LIMIT_MS);
    if (!isRoot) {
      const readOnly = path.join(dir, 'read-only');
      await mkdir(readOnly, { mode: 0o555 });
      const denied = await runCli(['redact', file, '--out', readOnly]);
      expect(denied.code).toBe(2);
      expect(denied.stderr).toContain('output folder not writable');
      expect(await readdir(readOnly)).toEqual([]);
    }
  });
});

describe('a time limit that every page exceeds', () => {
  // The work stopped at the limit runs on and asks for OCR and faces after the batch has ended:
  // once that crashed the process (a job handed to a terminated OCR worker, exit 1 and a stack
  // trace) and once it kept it alive for ever (a face thread that never let go of the event loop).
  it.each(['redact', 'verify'])('%s: one line per file, exit 2, and the process ends', async (command) => {
    const out = path.join(dir, `out-time-limit-${command}`);
    const args = command === 'redact' ? ['--out', out] : [];
    const started = performance.now();
    const run = await runCli([command, twins.a, twins.b, ...args, '--time-limit', '0.2'], {}, undefined, 30_000);
    expect(run.code).toBe(2);
    for (const file of [twins.a, twins.b]) {
      const lines = run.stderr.split('\n').filter((l) => l.includes(file));
      expect(lines).toEqual([
        `error   ${file}: page 1 took longer than 0.200 s (the time limit per page, --time-limit); stopped, nothing written`,
      ]);
    }
    expect(run.stderr).not.toMatch(/TypeError|internal error|\n\s+at /);
    expect(performance.now() - started).toBeLessThan(2 * PER_FILE_LIMIT_MS);
    if (command === 'redact') expect(await readdir(out)).toEqual([]);
  });
});

describe('uniqueOutputStems', () => {
  it('renames later files only, never onto another input’s own name, ignoring case', () => {
    expect(uniqueOutputStems(['a/scan.png', 'b/scan.png', 'c/Scan.tiff', 'scan-2.pdf'])).toEqual([
      'scan',
      'scan-3',
      'Scan-4',
      'scan-2',
    ]);
    expect(uniqueOutputStems(['x.png', 'y.png'])).toEqual(['x', 'y']);
  });
});
