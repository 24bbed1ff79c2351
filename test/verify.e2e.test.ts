import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyBatchReport } from '../cli/verifyCommand.js';
import { OcrService } from '../shared/ocr/service.js';
import { makeVerifySet, type VerifyCase } from './fixtures/leakyCopies.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { runCli, tempDir, type CliResult } from './helpers/cli.js';
import { decode } from './helpers/pixels.js';
import { specimensAvailable } from './helpers/specimens.js';

describe.runIf(specimensAvailable)('idredact verify on the generated set of received copies', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let cases: VerifyCase[];
  let run: CliResult;
  let report: VerifyBatchReport;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const ocr = new OcrService({ workers: 2 });
    try {
      ({ cases } = await makeVerifySet(dir, ocr));
    } finally {
      await ocr.terminate();
    }
    const reportFile = path.join(dir, 'verify.json');
    run = await runCli([
      'verify',
      ...cases.map((c) => c.file),
      '--report',
      reportFile,
      '--annotate',
      path.join(dir, 'annotated'),
      '--jobs',
      '2',
    ]);
    report = JSON.parse(await readFile(reportFile, 'utf8')) as VerifyBatchReport;
  }, 600_000);
  afterAll(() => cleanup());

  const entry = (c: VerifyCase) => report.files.find((f) => f.file === c.file)!;

  it('flags every leaky copy with the right kind of finding', () => {
    const wrong: string[] = [];
    for (const c of cases.filter((x) => x.leak)) {
      const e = entry(c);
      if (e.verdict !== 'leaks' || !e.findings.some((f) => f.kind === c.leak))
        wrong.push(`${c.name}: ${e.verdict} (${e.findings.map((f) => f.kind).join(', ') || 'no findings'})`);
    }
    expect(wrong).toEqual([]);
  });

  it('flags no clean copy, and still mentions metadata as a note', () => {
    for (const c of cases.filter((x) => !x.leak)) {
      expect(entry(c).verdict, `${c.name}: ${entry(c).summary}`).toBe('clean');
      if (c.note) expect(entry(c).findings.map((f) => f.kind)).toContain(c.note);
    }
    expect(entry(cases.find((c) => c.note)!).summary).toMatch(/^nothing sensitive found; notes: PDF metadata/);
  });

  it('prints one line per file, exits 1 when a file leaks, never prints a number in clear', () => {
    expect(run.code).toBe(1);
    for (const c of cases) expect(run.stdout).toContain(c.file);
    expect(run.stdout).toMatch(/LEAKS .*mrz-untouched\.png: MRZ readable \(page 1\)/);
    const everything = run.stdout + run.stderr + JSON.stringify(report);
    for (const secret of [PEOPLE.passport.documentNumber, PEOPLE.passport.optional])
      expect(everything).not.toContain(secret);
  });

  it('writes annotated copies with the leaking areas outlined in red', async () => {
    const annotated = await decode(path.join(dir, 'annotated', 'photo-visible.annotated.png'));
    const face = entry(cases.find((c) => c.name === 'photo-visible.png')!).findings.find((f) => f.kind === 'face')!;
    const { x, y } = face.box!;
    let red = 0;
    for (let dx = -8; dx <= 8; dx++) {
      const i = ((Math.round(y) - 2) * annotated.width + Math.round(x) + dx) * 3;
      if (annotated.rgb[i]! > 200 && annotated.rgb[i + 1]! < 40) red++;
    }
    expect(red).toBeGreaterThan(0);
  });

  it('exits 0 for clean copies only, 2 for an unreadable file, and prints JSON with --json', async () => {
    const clean = cases.filter((c) => !c.leak).map((c) => c.file);
    const ok = await runCli(['verify', clean[0]!, '--json']);
    expect(ok.code).toBe(0);
    const parsed = JSON.parse(ok.stdout) as VerifyBatchReport;
    expect(parsed.summary).toMatchObject({ files: 1, clean: 1, leaks: 0, errors: 0 });
    const broken = path.join(dir, 'broken.pdf');
    await writeFile(broken, '%PDF-1.7\nnot really');
    const bad = await runCli(['verify', broken, clean[0]!]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(broken);
    expect(bad.stdout).toMatch(/1 files?: 1 clean|2 files: 1 clean, 0 leak, 1 failed/);
  });
});
