import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InputError } from '../shared/errors.js';
import { OcrService } from '../shared/ocr/service.js';
import { redactFile } from '../shared/pipeline.js';
import { withinTimeLimit } from '../shared/timeLimit.js';
import { verifyFile } from '../shared/verify/verify.js';
import { parseRedactArgs, parseVerifyArgs, UsageError } from '../cli/args.js';
import { drawTd1Back } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { encodeScene, scenesToPdf, singleDocumentScene } from './fixtures/scene.js';

// A decoder that never returns, the way a hostile file could make one spin: pages of files whose
// name contains "stuck" never arrive (page 2 onwards for "stuck-late"). Every other file goes
// through the real loader, and the real engine runs on all of them.
vi.mock('../shared/load/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../shared/load/index.js')>();
  return {
    ...actual,
    openDocument: async (...args: Parameters<typeof actual.openDocument>) => {
      const doc = await actual.openDocument(...args);
      const name = path.basename(typeof args[0] === 'string' ? args[0] : args[0].name);
      if (!name.includes('stuck')) return doc;
      const firstStuckPage = name.includes('stuck-late') ? 1 : 0;
      return {
        ...doc,
        readPage: (index: number) => (index >= firstStuckPage ? new Promise(() => undefined) : doc.readPage(index)),
        close: () => doc.close(),
      };
    },
  };
});

// Reading a PDF's structure (text layers, images under boxes) that never finishes, for files named "stuck-structure".
vi.mock('../shared/verify/pdfStructure.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../shared/verify/pdfStructure.js')>();
  return {
    ...actual,
    pdfStructureFindings: (...args: Parameters<typeof actual.pdfStructureFindings>) =>
      path.basename(args[0]).includes('stuck-structure')
        ? new Promise(() => undefined)
        : actual.pdfStructureFindings(...args),
  };
});

const ocr = new OcrService();
let dir: string;
let out: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'idredact-timelimit-'));
  out = path.join(dir, 'out');
  await mkdir(out);
  const card = singleDocumentScene(drawTd1Back(PEOPLE.card, 200));
  const png = await encodeScene(card, 'png');
  await writeFile(path.join(dir, 'good.png'), png);
  await writeFile(path.join(dir, 'stuck.png'), png);
  await writeFile(path.join(dir, 'stuck-late.pdf'), await scenesToPdf([card, card], 200));
  await writeFile(path.join(dir, 'stuck-structure.pdf'), await scenesToPdf([card], 200));
  // Started before the clock matters: page 1 of the PDF must finish well within its limit.
  await ocr.warmUp();
});
afterAll(async () => {
  await ocr.terminate();
  await rm(dir, { recursive: true, force: true });
});

describe('the time limit per page', () => {
  it('lets work that finishes in time through, and stops work that does not with an error naming the file', async () => {
    await expect(withinTimeLimit(Promise.resolve(7), 1000, 'a.png', 'page 1')).resolves.toBe(7);
    const failing = Promise.reject(new Error('decoder failed'));
    await expect(withinTimeLimit(failing, 1000, 'a.png', 'page 1')).rejects.toThrow('decoder failed');

    // Work that fails only after it was abandoned must not surface as an unhandled rejection.
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 80));
    const started = performance.now();
    const error = await withinTimeLimit(late, 30, 'scan 1.png', 'page 2').catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).reason).toBe('time_limit');
    expect((error as InputError).message).toBe(
      'scan 1.png: page 2 took longer than 0.030 s (the time limit per page, --time-limit); stopped, nothing written',
    );
    await new Promise((resolve) => setTimeout(resolve, 120));
  });

  it('redact: a page that never decodes fails its file alone, leaves nothing behind, and the batch goes on', async () => {
    const options = { ocr, outDir: out, timeLimitMs: 1500 };
    const stuck = await redactFile(path.join(dir, 'stuck.png'), options);
    expect(stuck.status).toBe('error');
    expect(stuck.error).toEqual({
      reason: 'time_limit',
      message: expect.stringMatching(/stuck\.png: page 1 took longer than 1\.5 s/),
    });
    // The second page of a PDF never arrives: the half-written PDF is removed, not left behind.
    const late = await redactFile(path.join(dir, 'stuck-late.pdf'), { ...options, timeLimitMs: 15_000 });
    expect(late.error?.reason).toBe('time_limit');
    expect(late.error?.message).toMatch(/stuck-late\.pdf: page 2 took longer/);
    expect(await readdir(out)).toEqual([]);

    // The same service goes on to redact the next file, covering its MRZ.
    const good = await redactFile(path.join(dir, 'good.png'), { ...options, timeLimitMs: 120_000 });
    expect(good.status).not.toBe('error');
    expect(good.pages[0]!.regions.some((r) => r.kind === 'mrz')).toBe(true);
    expect(await readdir(out)).toEqual(['good.redacted.png']);
  }, 120_000);

  it('verify: a page that never decodes is an error for its file, within the limit', async () => {
    const started = performance.now();
    const report = await verifyFile(path.join(dir, 'stuck.png'), ocr, { timeLimitMs: 1000 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(report.verdict).toBe('error');
    expect(report.error?.reason).toBe('time_limit');
    expect(report.summary).toMatch(/stuck\.png: page 1 took longer than 1 s/);

    // The PDF's structure is read before its pages: under the same limit.
    const structure = await verifyFile(path.join(dir, 'stuck-structure.pdf'), ocr, { timeLimitMs: 1000 });
    expect(structure.error?.reason).toBe('time_limit');
    expect(structure.summary).toMatch(/stuck-structure\.pdf: reading the PDF's structure took longer than 1 s/);
  }, 60_000);

  it('is set with --time-limit in seconds (default 120) and refuses nonsense', () => {
    expect(parseRedactArgs(['a.png', '--out', 'o']).timeLimitMs).toBe(120_000);
    expect(parseRedactArgs(['a.png', '--out', 'o', '--time-limit', '2.5']).timeLimitMs).toBe(2500);
    expect(parseVerifyArgs(['a.png', '--time-limit=30']).timeLimitMs).toBe(30_000);
    for (const bad of ['0', '-1', 'soon', '1e9'])
      expect(() => parseVerifyArgs(['a.png', '--time-limit', bad])).toThrow(UsageError);
  });
});
