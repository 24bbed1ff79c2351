import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDocument } from '../shared/load/index.js';
import type { BatchReport, FileReport } from '../shared/report.js';
import { drawTd1Back, drawTd1Front, drawTd2, drawTd3, type Corners } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { specimenPortrait } from './fixtures/portraits.js';
import {
  encodeScene,
  renderScene,
  singleDocumentScene,
  type FileKind,
  type PlacedTruth,
  type Scene,
} from './fixtures/scene.js';
import { runCli, sha256, tempDir, type CliResult } from './helpers/cli.js';
import { blackShare, decode, jpegMarkers, pngChunks, unchangedShare, type Raster } from './helpers/pixels.js';

const SERIAL = '00471192';

interface Case {
  name: string;
  kind: FileKind;
  scene: Scene;
  quality?: number;
}

/** Generated documents covering the layouts and the variations the engine must handle. */
async function cases(): Promise<Case[]> {
  // Specimen portraits, so that the photo is found as a face and the files need no review.
  const photo = await specimenPortrait();
  // An unlabelled red serial number (a foil's), covered without a label or an MRZ copy to match.
  const td3 = drawTd3(PEOPLE.passport, 300, { photo, serial: SERIAL });
  const frontBack = renderScene(
    [
      { doc: drawTd1Front(PEOPLE.card, 300, { photo }), center: { x: 560, y: 400 }, angleDeg: 0 },
      { doc: drawTd1Back(PEOPLE.card), center: { x: 1700, y: 420 }, angleDeg: 2 },
    ],
    { width: 2300, height: 820, background: '#d8d8d8' },
  );
  return [
    { name: 'td3-flat', kind: 'png', scene: singleDocumentScene(td3) },
    {
      name: 'td3-skew7',
      kind: 'jpeg',
      quality: 88,
      scene: singleDocumentScene(drawTd3(PEOPLE.passport, 200, { photo }), 7, 40, { noise: 12 }),
    },
    { name: 'td1-back-180', kind: 'jpeg', quality: 80, scene: singleDocumentScene(drawTd1Back(PEOPLE.card), 180) },
    {
      name: 'td2-rot90',
      kind: 'webp',
      quality: 90,
      scene: singleDocumentScene(drawTd2(PEOPLE.td2, 300, { photo }), 90, 50, { noise: 8 }),
    },
    { name: 'td1-front-and-back', kind: 'png', scene: frontBack },
    { name: 'td3-scan', kind: 'pdf', scene: singleDocumentScene(td3, -3, 80) },
  ];
}

let dir: string;
let cleanup: () => Promise<void>;
let run: CliResult;
let report: BatchReport;
const inputs = new Map<string, { file: string; hash: string; case: Case }>();

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  for (const c of await cases()) {
    const bytes = await encodeScene(c.scene, c.kind, { quality: c.quality ?? 90 });
    const file = path.join(dir, `${c.name}.${c.kind === 'jpeg' ? 'jpg' : c.kind}`);
    await writeFile(file, bytes);
    inputs.set(c.name, { file, hash: await sha256(file), case: c });
  }
  const out = path.join(dir, 'out');
  const reportFile = path.join(dir, 'report.json');
  run = await runCli([
    'redact',
    ...[...inputs.values()].map((i) => i.file),
    '--out',
    out,
    '--report',
    reportFile,
    '--jobs',
    '2',
  ]);
  report = JSON.parse(await readFile(reportFile, 'utf8')) as BatchReport;
}, 300_000);
afterAll(() => cleanup());

function fileReport(name: string): FileReport {
  const entry = report.files.find((f) => f.file === inputs.get(name)!.file);
  if (!entry) throw new Error(`no report for ${name}`);
  return entry;
}

async function outputRaster(name: string): Promise<Raster> {
  const output = fileReport(name).output!;
  if (!output.endsWith('.pdf')) return decode(output);
  const page = await (await openDocument(output)).readPage(0);
  return { width: page.width, height: page.height, rgb: page.rgb };
}

function mrzOf(scene: Scene): PlacedTruth {
  return scene.docs.find((d) => d.mrzLines.length > 0)!;
}

/** Every MRZ character's box must be black all over (JPEG outputs may ring a little at the edges). */
function expectMrzCovered(raster: Raster, truth: PlacedTruth, limit: number): void {
  truth.mrzChars.forEach((line, row) =>
    line.forEach((quad: Corners, col) => {
      const share = blackShare(raster, quad, limit);
      if (share < 0.995)
        throw new Error(`MRZ line ${row + 1} character ${col + 1} is only ${(share * 100).toFixed(1)}% covered`);
    }),
  );
}

describe('idredact redact on generated documents', () => {
  it('exits 0 and prints one line per file plus a summary', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const { file } of inputs.values()) expect(run.stdout).toContain(file);
    expect(run.stdout).toMatch(/6 files: 6 redacted, 0 to review, 0 failed/);
  });

  it.each(['td3-flat', 'td3-skew7', 'td1-back-180', 'td2-rot90', 'td3-scan'])(
    'covers every MRZ character of %s',
    async (name) => {
      const c = inputs.get(name)!.case;
      const raster = await outputRaster(name);
      expect([raster.width, raster.height]).toEqual(
        c.kind === 'pdf'
          ? [expect.closeTo(c.scene.width, -1), expect.closeTo(c.scene.height, -1)]
          : [c.scene.width, c.scene.height],
      );
      expectMrzCovered(raster, mrzOf(c.scene), c.kind === 'png' ? 0 : 60);
    },
  );

  it('reads the right format with valid check digits', () => {
    const expected: Record<string, string> = {
      'td3-flat': 'TD3',
      'td3-skew7': 'TD3',
      'td1-back-180': 'TD1',
      'td2-rot90': 'TD2',
      'td3-scan': 'TD3',
    };
    for (const [name, format] of Object.entries(expected)) {
      const mrz = fileReport(name).pages.flatMap((p) => p.mrz);
      expect(mrz, name).toHaveLength(1);
      expect(mrz[0]!.format, name).toBe(format);
      expect(mrz[0]!.allChecksValid, name).toBe(true);
      expect(fileReport(name).status, name).toBe('redacted');
    }
  });

  it('keeps the names, the date of birth and the rest of the page as they were', async () => {
    for (const name of ['td3-flat', 'td1-front-and-back']) {
      const c = inputs.get(name)!.case;
      const raster = await outputRaster(name);
      const original = { width: c.scene.width, height: c.scene.height, rgb: c.scene.rgb };
      for (const doc of c.scene.docs) {
        for (const field of ['surname', 'givenNames', 'birthDate', 'expiryDate']) {
          if (doc.fields[field])
            expect(unchangedShare(original, raster, doc.fields[field]!), `${name} ${field}`).toBe(1);
        }
      }
    }
  });

  it('covers a serial number printed alone without a label, and says why', async () => {
    for (const name of ['td3-flat', 'td3-scan']) {
      const doc = inputs.get(name)!.case.scene.docs[0]!;
      const raster = await outputRaster(name);
      expect(blackShare(raster, doc.fields.serial!, name === 'td3-flat' ? 0 : 60), name).toBeGreaterThan(0.99);
      const serial = fileReport(name).pages[0]!.regions.filter((r) => r.detector === 'serial-number');
      expect(serial, name).toHaveLength(1);
      expect(serial[0]!.reason).toMatch(/unlabelled 8-character number printed alone/);
    }
  });

  it('covers the MRZ on the card back next to an untouched front', async () => {
    const c = inputs.get('td1-front-and-back')!.case;
    const raster = await outputRaster('td1-front-and-back');
    expectMrzCovered(raster, mrzOf(c.scene), 0);
    expect(fileReport('td1-front-and-back').pages[0]!.mrz[0]!.format).toBe('TD1');
  });

  it('writes metadata-free files and leaves every input unchanged', async () => {
    for (const [name, input] of inputs) {
      expect(await sha256(input.file), name).toBe(input.hash);
      const output = fileReport(name).output!;
      const bytes = await readFile(output);
      const meta = await sharp(bytes)
        .metadata()
        .catch(() => undefined);
      if (output.endsWith('.png')) {
        // pHYs (pixel density) is kept so that the copy prints at its size; nothing else.
        expect(pngChunks(bytes).filter((c) => !['IHDR', 'pHYs', 'IDAT', 'IEND'].includes(c))).toEqual([]);
      } else if (output.endsWith('.jpg')) {
        const { markers, trailing } = jpegMarkers(bytes);
        expect(markers.filter((m) => (m >= 0xe1 && m <= 0xef) || m === 0xfe)).toEqual([]);
        expect(trailing).toBe(0);
      }
      if (meta && !output.endsWith('.pdf')) {
        expect(meta.exif).toBeUndefined();
        expect(meta.icc).toBeUndefined();
        expect(meta.xmp).toBeUndefined();
        expect(meta.iptc).toBeUndefined();
      }
    }
  });

  it('writes an image-only PDF at the source page size', async () => {
    const output = fileReport('td3-scan').output!;
    expect(output.endsWith('.redacted.pdf')).toBe(true);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(await readFile(output)) }).promise;
    const page = await doc.getPage(1);
    expect((await page.getTextContent()).items).toEqual([]);
    const c = inputs.get('td3-scan')!.case;
    const viewport = page.getViewport({ scale: 1 });
    expect(viewport.width).toBeCloseTo((c.scene.width / 300) * 72, 0);
    const info = await doc.getMetadata();
    expect(info.metadata).toBeNull();
    await doc.destroy();
    // The scanned page stays a JPEG, as it came, at the scan's own pixel size (nothing resampled).
    const copy = await PDFDocument.load(await readFile(output));
    const images = copy.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter(
        (o): o is PDFRawStream => o instanceof PDFRawStream && String(o.dict.get(PDFName.of('Subtype'))) === '/Image',
      );
    expect(
      images.map((i) => [String(i.dict.get(PDFName.of('Filter'))), String(i.dict.get(PDFName.of('Width')))]),
    ).toEqual([['/DCTDecode', String(c.scene.width)]]);
  });

  it('reports regions with kind, box, confidence and reason, and never a value in clear', async () => {
    const regions = fileReport('td3-flat').pages[0]!.regions.filter((r) => r.kind === 'mrz');
    expect(regions).toHaveLength(1);
    expect(regions[0]).toMatchObject({ kind: 'mrz', page: 0, detector: 'mrz' });
    expect(regions[0]!.reason).toMatch(/TD3 MRZ, 2 lines, all check digits valid/);
    expect(regions[0]!.confidence).toBeGreaterThan(0.9);
    const mrz = fileReport('td3-flat').pages[0]!.mrz[0]!;
    expect(mrz.lineBoxes).toHaveLength(2);
    expect(mrz.documentNumber).toBe('XR4*****7');
    const everything = JSON.stringify(report) + run.stdout + run.stderr;
    for (const secret of [
      PEOPLE.passport.documentNumber,
      PEOPLE.passport.optional,
      PEOPLE.card.documentNumber,
      PEOPLE.td2.documentNumber,
      SERIAL,
    ]) {
      expect(everything).not.toContain(secret);
    }
    for (const line of [...mrzOf(inputs.get('td3-flat')!.case.scene).mrzLines]) expect(everything).not.toContain(line);
    expect(fileReport('td3-flat').timings.totalMs).toBeGreaterThan(0);
  });
});

describe('idredact redact batch behaviour', () => {
  it('goes on after a bad file and exits 2; exits 1 for a page without MRZ', async () => {
    const { dir: work, cleanup: done } = await tempDir();
    try {
      const good = path.join(work, 'card back.png');
      await writeFile(good, await encodeScene(singleDocumentScene(drawTd1Back(PEOPLE.card, 200)), 'png'));
      const bad = path.join(work, 'broken.jpg');
      await writeFile(bad, Buffer.from('not a jpeg'));
      const result = await runCli(['redact', bad, good, '--out', path.join(work, 'out')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${bad}: not a supported image or PDF`);
      expect(result.stdout).toContain('card back.redacted.png');
      expect((await decode(path.join(work, 'out', 'card back.redacted.png'))).width).toBeGreaterThan(0);

      const front = path.join(work, 'front.png');
      await writeFile(front, await encodeScene(singleDocumentScene(drawTd1Front(PEOPLE.card, 200)), 'png'));
      const review = await runCli(['redact', front, '--out', path.join(work, 'out2'), '--format', 'jpeg']);
      expect(review.code).toBe(1);
      expect(review.stdout).toMatch(/review .*front\.redacted\.jpg.*no MRZ found/);
    } finally {
      await done();
    }
  });

  it('documents every option in --help and rejects bad usage with exit 2', async () => {
    const help = await runCli(['redact', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--out', '--format', '--report', '--jobs']) expect(help.stdout).toContain(option);
    const main = await runCli(['--help']);
    expect(main.stdout).toContain('idredact redact');
    expect((await runCli(['redact', 'x.jpg'])).code).toBe(2);
    expect((await runCli(['redact', 'x.jpg', '--out', 'o', '--format', 'gif'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });
});
