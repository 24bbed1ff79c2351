/**
 * `npm run bench:accuracy`: runs the `idredact` CLI on generated documents and on
 * the public specimens in ../shared/specimens/, then measures what was found and
 * whether an independent full-page OCR read of the exported pixels can still
 * read an MRZ line. Prints Markdown tables for the README.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDocument } from '../shared/load/index.js';
import type { BatchReport, FileReport } from '../shared/report.js';
import { maskValue } from '../shared/report.js';
import { drawTd1Back, drawTd2, drawTd3, type DrawnDocument } from '../test/fixtures/documents.js';
import { PEOPLE } from '../test/fixtures/mrzText.js';
import { encodeScene, singleDocumentScene, type Scene } from '../test/fixtures/scene.js';
import { CLI } from '../test/helpers/cli.js';
import { IndependentReader, lineReadable, numberLines } from '../test/helpers/independentRead.js';
import { blackShare, boxCorners, decode } from '../test/helpers/pixels.js';
import { loadSpecimens } from '../test/helpers/specimens.js';

function runCli(inputs: string[], out: string, reportFile: string): void {
  const run = spawnSync(
    process.execPath,
    [CLI, 'redact', ...inputs, '--out', out, '--report', reportFile, '--jobs', '2'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (run.status === null || run.status > 2) throw new Error(`idredact failed with ${run.status}`);
}

async function rasterOf(file: string): Promise<{ width: number; height: number; rgb: Buffer }> {
  if (!file.endsWith('.pdf')) return decode(file);
  const page = await (await openDocument(file)).readPage(0);
  return page;
}

const pct = (a: number, b: number): string => `${a}/${b}`;

async function generated(work: string): Promise<string> {
  const docs: [string, () => DrawnDocument][] = [
    ['TD3', () => drawTd3(PEOPLE.passport, 300)],
    ['TD1', () => drawTd1Back(PEOPLE.card, 300)],
    ['TD2', () => drawTd2(PEOPLE.td2, 300)],
  ];
  const angles = [0, 90, 180, 270, -8, 5];
  const cases: { name: string; file: string; scene: Scene; layout: string }[] = [];
  for (const [layout, draw] of docs) {
    const doc = draw();
    for (const angle of angles) {
      for (const [kind, quality, noise] of [
        ['png', 90, 0],
        ['jpeg', 70, 14],
      ] as const) {
        const scene = singleDocumentScene(doc, angle, 60, { noise });
        const name = `${layout}-${angle}-${kind}`;
        const file = path.join(work, `${name}.${kind === 'jpeg' ? 'jpg' : kind}`);
        await writeFile(file, await encodeScene(scene, kind, { quality }));
        cases.push({ name, file, scene, layout });
      }
    }
  }
  const reportFile = path.join(work, 'generated.json');
  runCli(
    cases.map((c) => c.file),
    path.join(work, 'out'),
    reportFile,
  );
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as BatchReport;
  const rows = new Map<string, { n: number; found: number; valid: number; covered: number; ms: number }>();
  for (const c of cases) {
    const entry = report.files.find((f) => f.file === c.file)!;
    const row = rows.get(c.layout) ?? { n: 0, found: 0, valid: 0, covered: 0, ms: 0 };
    row.n++;
    row.ms += entry.timings.totalMs;
    const mrz = entry.pages.flatMap((p) => p.mrz);
    if (entry.pages.some((p) => p.regions.some((r) => r.kind === 'mrz'))) row.found++;
    if (mrz.some((m) => m.allChecksValid)) row.valid++;
    if (entry.output) {
      const raster = await rasterOf(entry.output);
      const truth = c.scene.docs[0]!;
      const allCovered = truth.mrzChars.flat().every((q) => blackShare(raster, q, 60) >= 0.995);
      if (allCovered) row.covered++;
    }
    rows.set(c.layout, row);
  }
  let table =
    '| layout | images | MRZ found | all check digits valid | every MRZ character covered (pixels) | mean time per image |\n|---|---|---|---|---|---|\n';
  for (const [layout, r] of rows) {
    table += `| ${layout} | ${r.n} | ${pct(r.found, r.n)} | ${pct(r.valid, r.n)} | ${pct(r.covered, r.n)} | ${(r.ms / r.n / 1000).toFixed(2)} s |\n`;
  }
  return `Generated documents (6 rotations: 0, 90, 180, 270, -8 and +5 degrees; lossless PNG and noisy JPEG q70):\n(their photo is a drawn silhouette that no face detector finds, so the portrait zone is covered\nfrom the ICAO layout)\n\n${table}`;
}

async function specimens(work: string): Promise<string> {
  const all = loadSpecimens().filter((s) => s.truth.mrz_lines.length > 0);
  if (all.length === 0) return 'Specimens not found next to the project (../shared/specimens).';
  const reportFile = path.join(work, 'specimens.json');
  runCli(
    all.map((s) => s.image),
    path.join(work, 'spec-out'),
    reportFile,
  );
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as BatchReport;
  const reader = new IndependentReader();
  let table =
    '| specimen | layout | MRZ found | check digits valid | doc. no. read | MRZ number line readable before → after | portrait covered | doc. no. readable before → after | personal no. readable before → after |\n|---|---|---|---|---|---|---|---|---|\n';
  const totals = {
    n: 0,
    found: 0,
    valid: 0,
    docno: 0,
    readableBefore: 0,
    readableAfter: 0,
    portraits: 0,
    portraitsCovered: 0,
    docBefore: 0,
    docAfter: 0,
    personalBefore: 0,
    personalAfter: 0,
  };
  for (const s of all) {
    const entry: FileReport = report.files.find((f) => f.file === s.image)!;
    const mrz = entry.pages.flatMap((p) => p.mrz);
    const found = entry.pages.some((p) => p.regions.some((r) => r.kind === 'mrz'));
    const valid = mrz.some((m) => m.allChecksValid);
    const docNo = mrz.some((m) => s.truth.doc_numbers.some((d) => maskValue(d) === m.documentNumber));
    const targets = numberLines(s.truth.mrz_lines[0]!);
    const before = await reader.readLines(s.image);
    const after = entry.output ? await reader.readLines(await toPng(entry.output, work)) : [];
    const readableBefore = targets.some((t) => lineReadable(t, before) > 0);
    const readableAfter = targets.some((t) => lineReadable(t, after) > 0);
    totals.n++;
    totals.found += Number(found);
    totals.valid += Number(valid);
    totals.docno += Number(docNo);
    totals.readableBefore += Number(readableBefore);
    totals.readableAfter += Number(readableAfter);
    const yes = (b: boolean): string => (b ? 'yes' : '**no**');
    // Main portrait (faces_true, kind main; the truth boxes are generous, larger
    // than the photo): its middle 60 % must be all black, and how much of the
    // whole box is black is shown.
    let portraitCell = '–';
    const main = s.truth.faces_true.find((f) => f.kind === 'main');
    if (main && entry.output) {
      const copy = await rasterOf(entry.output);
      const [x, y, width, height] = main.box as [number, number, number, number];
      const core = { x: x + width * 0.2, y: y + height * 0.2, width: width * 0.6, height: height * 0.6 };
      const covered = blackShare(copy, boxCorners(core), 8) >= 0.98;
      const share = blackShare(copy, boxCorners({ x, y, width, height }), 8);
      totals.portraits++;
      totals.portraitsCovered += Number(covered);
      portraitCell = `${covered ? 'yes' : '**no**'} (${Math.round(share * 100)} % of box)`;
    }
    // Printed numbers anywhere on the page: found in the OCR text, spaces and separators ignored.
    const flat = (lines: string[]): string => lines.map((l) => l.replace(/[^A-Z0-9]/g, '')).join('|');
    const readable = (values: string[], lines: string[]): boolean =>
      values.some((v) => v.length >= 5 && flat(lines).includes(v));
    const cell = (values: string[], key: 'doc' | 'personal'): string => {
      if (values.length === 0) return '–';
      const b = readable(values, before);
      const a = readable(values, after);
      totals[`${key}Before`] += Number(b);
      totals[`${key}After`] += Number(a);
      return `${b ? 'yes' : 'no'} → ${a ? '**yes**' : 'no'}`;
    };
    const docCell = cell(
      s.truth.doc_numbers.map((d) => d.replace(/[^A-Z0-9]/g, '')),
      'doc',
    );
    const personalCell = cell(
      s.truth.personal_numbers.map((p) => p.normalized.replace(/[^A-Z0-9]/g, '')),
      'personal',
    );
    table += `| ${s.name} | ${mrz[0]?.format ?? s.truth.doc_type} | ${yes(found)} | ${valid ? 'yes' : 'no'} | ${docNo ? 'yes' : 'no'} | ${readableBefore ? 'yes' : 'no'} → ${readableAfter ? '**yes**' : 'no'} | ${portraitCell} | ${docCell} | ${personalCell} |\n`;
  }
  await reader.terminate();
  const summary =
    `MRZ found and covered on ${totals.found} of ${totals.n} specimens with an MRZ; read with all check digits valid on ${totals.valid} of ${totals.n}; ` +
    `document number read right on ${totals.docno} of ${totals.n}; main portrait (middle of its box) covered on ${totals.portraitsCovered} of ${totals.portraits}. An independent full-page OCR read found an MRZ number line on ${totals.readableBefore} originals and on ${totals.readableAfter} redacted copies; ` +
    `a document number on ${totals.docBefore} originals and ${totals.docAfter} copies; a personal number on ${totals.personalBefore} originals and ${totals.personalAfter} copies.`;
  return `${summary}\n\n${table}`;
}

async function toPng(file: string, work: string): Promise<Buffer | string> {
  if (!file.endsWith('.pdf')) return file;
  const raster = await rasterOf(file);
  const sharp = (await import('sharp')).default;
  void work;
  return sharp(raster.rgb, { raw: { width: raster.width, height: raster.height, channels: 3 } })
    .png()
    .toBuffer();
}

const work = await mkdtemp(path.join(os.tmpdir(), 'idredact-bench-'));
try {
  await mkdir(work, { recursive: true });
  const started = Date.now();
  console.log(
    `# IDRedact MRZ accuracy — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}\n`,
  );
  console.log(await generated(work));
  console.log();
  console.log(await specimens(work));
  console.log(`\n(bench took ${((Date.now() - started) / 1000).toFixed(0)} s)`);
} finally {
  await rm(work, { recursive: true, force: true });
}
