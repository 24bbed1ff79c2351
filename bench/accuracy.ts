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
import type { Quad } from '../shared/geometry.js';
import {
  drawFacingPage,
  drawTd1Back,
  drawTd1Front,
  drawTd2,
  drawTd3,
  type DrawnDocument,
  type DrawOptions,
} from '../test/fixtures/documents.js';
import { PEOPLE } from '../test/fixtures/mrzText.js';
import { specimenPortrait } from '../test/fixtures/portraits.js';
import {
  encodeScene,
  passportSpread,
  perspectivePhoto,
  renderScene,
  singleDocumentScene,
  type Scene,
} from '../test/fixtures/scene.js';
import { CLI } from '../test/helpers/cli.js';
import { IndependentReader, lineReadable, numberLines } from '../test/helpers/independentRead.js';
import { blackShare, boxCorners, decode, unchangedShare } from '../test/helpers/pixels.js';
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

interface GeneratedCase {
  name: string;
  file: string;
  scene: Scene;
  /** Row of the table the case counts in. */
  row: string;
}

/** The fields a generated document must have covered, and those that must stay readable. */
const MUST_COVER = ['portrait', 'documentNumber', 'personalNumber', 'can'];
const MUST_KEEP = ['surname', 'givenNames', 'birthDate'];

async function generatedCases(work: string): Promise<GeneratedCase[]> {
  const photo = await specimenPortrait();
  const docs: [string, () => DrawnDocument][] = [
    ['TD3 passport', () => drawTd3(PEOPLE.passport, 300, { photo })],
    ['TD2 document', () => drawTd2(PEOPLE.td2, 300, { photo })],
    ['TD1 card back', () => drawTd1Back(PEOPLE.card, 300)],
    [
      'TD1 card front + CAN',
      () => drawTd1Front(PEOPLE.card, 300, { photo, can: { value: '481516', labelled: false } }),
    ],
  ];
  const angles = [0, 90, 180, 270, -8, 5];
  const cases: GeneratedCase[] = [];
  const add = async (row: string, name: string, scene: Scene, kind: 'png' | 'jpeg', quality = 90): Promise<void> => {
    const file = path.join(work, `${name}.${kind === 'jpeg' ? 'jpg' : kind}`);
    await writeFile(file, await encodeScene(scene, kind, { quality }));
    cases.push({ name, file, scene, row });
  };
  for (const [row, draw] of docs) {
    const doc = draw();
    for (const angle of angles) {
      await add(row, `${row}-${angle}-png`.replace(/\W+/g, '-'), singleDocumentScene(doc, angle, 60), 'png');
      const noisy = singleDocumentScene(doc, angle, 60, { noise: 14 });
      await add(row, `${row}-${angle}-jpeg`.replace(/\W+/g, '-'), noisy, 'jpeg', 70);
    }
  }
  const size = { width: 3000, height: 2000 };
  const keystone = (dx: number): Quad => [
    { x: 560 + dx, y: 420 },
    { x: 2440, y: 330 + dx / 2 },
    { x: 2620, y: 1700 },
    { x: 420, y: 1560 - dx / 2 },
  ];
  for (const [i, [, draw]] of docs.entries()) {
    for (const dx of [0, 120]) {
      await add(
        'phone photo, perspective',
        `photo-${i}-${dx}`,
        perspectivePhoto(draw(), keystone(dx), size),
        'jpeg',
        85,
      );
    }
  }
  // A card's front and back side by side, one of them turned against the other.
  for (const [frontAngle, backAngle] of [
    [180, 0],
    [90, 0],
    [0, 180],
  ] as const) {
    await add(
      'card front and back, turned apart',
      `front-${frontAngle}-back-${backAngle}`,
      renderScene(
        [
          { doc: drawTd1Front(PEOPLE.card, 300, { photo }), center: { x: 600, y: 560 }, angleDeg: frontAngle },
          { doc: drawTd1Back(PEOPLE.card, 300), center: { x: 1750, y: 560 }, angleDeg: backAngle },
        ],
        { width: 2350, height: 1120, background: '#d8d8d8' },
      ),
      'png',
    );
  }
  // Numbers (and labels) on dense guilloches, which hide them from the page's read.
  const guilloches: [string, DrawOptions][] = [
    ['personal-pink', { busyPersonalNumber: { tint: '#f0c8d4', line: '#c88098' } }],
    ['personal-label-dark-pink', { busyPersonalNumber: { tint: '#d890a8', line: '#a04070', withLabel: true } }],
    ['document-label-pink', { busyDocumentNumber: { tint: '#f0c8d4', line: '#c88098' } }],
    ['personal-label-grey', { busyPersonalNumber: { tint: '#d0d0d0', line: '#909090', withLabel: true } }],
    ['document-label-grey', { busyDocumentNumber: { tint: '#d0d0d0', line: '#909090' } }],
    ['document-red-label-pink', { busyDocumentNumber: { tint: '#f0c8d4', line: '#c88098', ink: '#b01020' } }],
    // Lines nearly as dark as the print (48 under 17).
    ['personal-label-near-black', { busyPersonalNumber: { tint: '#d0d0d0', line: '#303030', withLabel: true } }],
    ['document-label-near-black', { busyDocumentNumber: { tint: '#d0d0d0', line: '#303030' } }],
  ];
  const cardGuilloches: [string, DrawOptions][] = [
    ['document-label-dark-pink', { busyDocumentNumber: { tint: '#d890a8', line: '#a04070' } }],
    ['document-label-grey', { busyDocumentNumber: { tint: '#d0d0d0', line: '#909090' } }],
    ['document-red-label-pink', { busyDocumentNumber: { tint: '#f0c8d4', line: '#c88098', ink: '#b01020' } }],
    // A personal number and its label beside the plainly printed document number.
    ['personal-label-pink', { busyPersonalNumber: { tint: '#f0c8d4', line: '#c88098' } }],
    ['personal-label-grey', { busyPersonalNumber: { tint: '#d0d0d0', line: '#909090' } }],
  ];
  const guillocheRows: [row: string, draw: (options: DrawOptions) => DrawnDocument, variants: typeof guilloches][] = [
    ['TD3, numbers on a guilloche', (options) => drawTd3(PEOPLE.passport, 300, { photo, ...options }), guilloches],
    [
      'TD1 card front, numbers on a guilloche',
      (options) => drawTd1Front(PEOPLE.card, 300, { photo, ...options }),
      cardGuilloches,
    ],
  ];
  for (const [row, draw, variants] of guillocheRows) {
    for (const [name, options] of variants) {
      const doc = draw(options);
      for (const angle of [0, 180]) {
        await add(row, `guilloche-${row.slice(0, 3)}-${name}-${angle}`, singleDocumentScene(doc, angle, 60), 'png');
      }
    }
  }
  await add(
    'two-page passport spread',
    'spread',
    passportSpread(drawFacingPage(250), drawTd3(PEOPLE.passport, 250, { photo })),
    'png',
  );
  return cases;
}

async function generated(work: string): Promise<string> {
  const cases = await generatedCases(work);
  const reportFile = path.join(work, 'generated.json');
  runCli(
    cases.map((c) => c.file),
    path.join(work, 'out'),
    reportFile,
  );
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as BatchReport;
  interface Row {
    n: number;
    mrz: [number, number];
    valid: number;
    fields: Record<string, [covered: number, total: number]>;
    kept: [number, number];
    ms: number;
  }
  const rows = new Map<string, Row>();
  for (const c of cases) {
    const entry = report.files.find((f) => f.file === c.file)!;
    const row = rows.get(c.row) ?? { n: 0, mrz: [0, 0], valid: 0, fields: {}, kept: [0, 0], ms: 0 };
    rows.set(c.row, row);
    row.n++;
    row.ms += entry.timings.totalMs;
    if (entry.pages.flatMap((p) => p.mrz).some((m) => m.allChecksValid)) row.valid++;
    if (!entry.output) continue;
    const raster = await rasterOf(entry.output);
    const original = await rasterOf(c.file);
    const lossy = !entry.output.endsWith('.png');
    for (const doc of c.scene.docs) {
      if (doc.mrzChars.length > 0) {
        row.mrz[1]++;
        if (doc.mrzChars.flat().every((q) => blackShare(raster, q, lossy ? 60 : 0) >= 0.995)) row.mrz[0]++;
      }
      for (const field of MUST_COVER) {
        if (!doc.fields[field]) continue;
        const cell = (row.fields[field] ??= [0, 0]);
        cell[1]++;
        if (blackShare(raster, doc.fields[field]!, lossy ? 60 : 0) >= 0.99) cell[0]++;
      }
      const keep = MUST_KEEP.filter((f) => doc.fields[f]);
      if (keep.length > 0) {
        row.kept[1]++;
        // Untouched: the field's pixels are those of the input (JPEG re-encoding aside).
        if (keep.every((f) => unchangedShare(original, raster, doc.fields[f]!, lossy ? 48 : 0) >= 0.98)) row.kept[0]++;
      }
    }
  }
  const cell = (v: [number, number] | undefined): string => (v && v[1] > 0 ? pct(v[0], v[1]) : '–');
  let table =
    '| documents | images | MRZ: every character covered | MRZ: check digits valid | portrait covered | document no. covered | personal no. covered | CAN covered | name + date of birth untouched | mean time per image |\n|---|---|---|---|---|---|---|---|---|---|\n';
  for (const [name, r] of rows) {
    table += `| ${name} | ${r.n} | ${cell(r.mrz)} | ${r.mrz[1] > 0 ? pct(r.valid, r.mrz[1]) : '–'} | ${cell(r.fields.portrait)} | ${cell(r.fields.documentNumber)} | ${cell(r.fields.personalNumber)} | ${cell(r.fields.can)} | ${cell(r.kept)} | ${(r.ms / r.n / 1000).toFixed(2)} s |\n`;
  }
  return `Generated documents with a specimen portrait (6 rotations: 0, 90, 180, 270, -8 and +5 degrees, each as lossless PNG and as noisy JPEG q70; 3000 x 2000 phone photos with keystone perspective, wood background and glare, JPEG q85; a two-page passport spread). "Covered": at least 99 % of the field's pixels black in the export; "untouched": at least 98 % of the field's pixels as in the input (within JPEG re-encoding noise).\n\n${table}`;
}

async function specimens(work: string): Promise<string> {
  const all = loadSpecimens();
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
    '| specimen | layout | MRZ found | check digits valid | doc. no. read | MRZ number line readable before → after | portrait covered | ghost portrait covered | doc. no. readable before → after | personal no. readable before → after | surname untouched |\n|---|---|---|---|---|---|---|---|---|---|---|\n';
  const totals = {
    n: 0,
    found: 0,
    valid: 0,
    docno: 0,
    readableBefore: 0,
    readableAfter: 0,
    portraits: 0,
    portraitsCovered: 0,
    ghosts: 0,
    ghostsCovered: 0,
    surnamesBefore: 0,
    surnamesAfter: 0,
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
    const hasMrz = s.truth.mrz_lines.length > 0;
    const targets = hasMrz ? numberLines(s.truth.mrz_lines[0]!) : [];
    const before = await reader.readLines(s.image);
    const copyImage = entry.output ? await toPng(entry.output, work) : undefined;
    const after = copyImage ? await reader.readLines(copyImage) : [];
    // Printed numbers are looked for by both engines (each reads some the other misses).
    const numbersBefore = [...before, ...(await reader.readLinesLstm(s.image))];
    const numbersAfter = copyImage ? [...after, ...(await reader.readLinesLstm(copyImage))] : [];
    const readableBefore = targets.some((t) => lineReadable(t, before) > 0);
    const readableAfter = targets.some((t) => lineReadable(t, after) > 0);
    if (hasMrz) {
      totals.n++;
      totals.found += Number(found);
      totals.valid += Number(valid);
      totals.docno += Number(docNo);
      totals.readableBefore += Number(readableBefore);
      totals.readableAfter += Number(readableAfter);
    }
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
    // Ghost portraits: same rule.
    const ghosts = s.truth.faces_true.filter((f) => f.kind !== 'main');
    let ghostCell = '–';
    if (ghosts.length > 0 && entry.output) {
      const copy = await rasterOf(entry.output);
      const coveredCount = ghosts.filter((g) => {
        const [x, y, width, height] = g.box as [number, number, number, number];
        const core = { x: x + width * 0.2, y: y + height * 0.2, width: width * 0.6, height: height * 0.6 };
        return blackShare(copy, boxCorners(core), 8) >= 0.98;
      }).length;
      totals.ghosts += ghosts.length;
      totals.ghostsCovered += coveredCount;
      ghostCell = coveredCount === ghosts.length ? 'yes' : '**no**';
    }
    // The surname must stay readable: where the independent read finds its words on the original
    // (outside the MRZ), none of their pixels may be newly covered in the copy.
    let surnameCell = '–';
    if (s.truth.surname_in_viz && entry.output) {
      const parts = s.truth.surname.split(/\s+/);
      const words = (await reader.readWords(s.image)).filter((w) => parts.includes(w.text) && !w.text.includes('<'));
      if (words.length > 0) {
        const [original, copy] = [await rasterOf(s.image), await rasterOf(entry.output)];
        const kept = words.every(
          (w) => blackShare(copy, boxCorners(w.box), 8) - blackShare(original, boxCorners(w.box), 8) <= 0.02,
        );
        totals.surnamesBefore++;
        totals.surnamesAfter += Number(kept);
        surnameCell = kept ? 'yes' : '**no**';
      }
    }
    // Printed numbers anywhere on the page: found in the OCR text, spaces and separators ignored.
    const flat = (lines: string[]): string => lines.map((l) => l.replace(/[^A-Z0-9]/g, '')).join('|');
    const readable = (values: string[], lines: string[]): boolean =>
      values.some((v) => v.length >= 5 && flat(lines).includes(v));
    const cell = (values: string[], key: 'doc' | 'personal'): string => {
      if (values.length === 0) return '–';
      const b = readable(values, numbersBefore);
      const a = readable(values, numbersAfter);
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
    const mrzCells = hasMrz
      ? `${yes(found)} | ${valid ? 'yes' : 'no'} | ${docNo ? 'yes' : 'no'} | ${readableBefore ? 'yes' : 'no'} → ${readableAfter ? '**yes**' : 'no'}`
      : '– (none printed) | – | – | –';
    table += `| ${s.name} | ${mrz[0]?.format ?? s.truth.doc_type} | ${mrzCells} | ${portraitCell} | ${ghostCell} | ${docCell} | ${personalCell} | ${surnameCell} |\n`;
  }
  await reader.terminate();
  const summary =
    `MRZ found and covered on ${totals.found} of ${totals.n} specimens with an MRZ; read with all check digits valid on ${totals.valid} of ${totals.n}; ` +
    `document number read right on ${totals.docno} of ${totals.n}; main portrait (middle of its box) covered on ${totals.portraitsCovered} of ${totals.portraits}. An independent full-page OCR read found an MRZ number line on ${totals.readableBefore} originals and on ${totals.readableAfter} redacted copies; ` +
    `both OCR engines (legacy and LSTM) together found a document number on ${totals.docBefore} originals and ${totals.docAfter} copies; a personal number on ${totals.personalBefore} originals and ${totals.personalAfter} copies. ` +
    `Ghost portraits covered: ${totals.ghostsCovered} of ${totals.ghosts}. The surname's words, where the same OCR found them in the visual zone of the original (${totals.surnamesBefore} specimens), were left untouched on ${totals.surnamesAfter} copies.`;
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
