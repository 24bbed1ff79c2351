import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchReport } from '../shared/report.js';
import { drawTd1Front, drawTd3 } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { specimenPortrait } from './fixtures/portraits.js';
import { singleDocumentScene, type Scene } from './fixtures/scene.js';
import { runCli, tempDir } from './helpers/cli.js';
import { blackShare, decode, type Raster } from './helpers/pixels.js';
import { readFile } from 'node:fs/promises';

// The copies people really send: a small scan (the TD3 page 600 pixels wide), an out-of-focus
// phone picture, heavy JPEG compression. Everything that must be hidden is still covered, and
// the name and date of birth are still there.

interface Capture {
  name: string;
  scene: Scene;
  /** Gaussian blur, pixels (sigma). */
  blur?: number;
  quality: number;
}

const JPEG_BLACK = 70;

let dir: string;
let cleanup: () => Promise<void>;
let report: BatchReport;
const captures = new Map<string, Capture & { file: string }>();

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const photo = await specimenPortrait();
  const list: Capture[] = [
    // 125 mm at 122 dpi: 600 pixels across the page; MRZ characters about 11 pixels high.
    { name: 'td3-600px', scene: singleDocumentScene(drawTd3(PEOPLE.passport, 122, { photo }), 0, 20), quality: 70 },
    {
      name: 'td3-blurred',
      scene: singleDocumentScene(drawTd3(PEOPLE.passport, 200, { photo }), -2, 40, { noise: 6 }),
      blur: 1.6,
      quality: 75,
    },
    {
      name: 'td1-front-blurred',
      scene: singleDocumentScene(drawTd1Front(PEOPLE.card, 250, { photo }), 0, 40),
      blur: 1.4,
      quality: 75,
    },
  ];
  for (const c of list) {
    let image = sharp(c.scene.rgb, { raw: { width: c.scene.width, height: c.scene.height, channels: 3 } });
    if (c.blur) image = image.blur(c.blur);
    const file = path.join(dir, `${c.name}.jpg`);
    await writeFile(file, await image.jpeg({ quality: c.quality }).toBuffer());
    captures.set(c.name, { ...c, file });
  }
  const reportFile = path.join(dir, 'report.json');
  const run = await runCli([
    'redact',
    ...[...captures.values()].map((c) => c.file),
    '--out',
    path.join(dir, 'out'),
    '--report',
    reportFile,
  ]);
  expect(run.code, run.stderr).toBeLessThanOrEqual(1);
  report = JSON.parse(await readFile(reportFile, 'utf8')) as BatchReport;
}, 300_000);
afterAll(() => cleanup());

async function copyOf(name: string): Promise<Raster> {
  const c = captures.get(name)!;
  return decode(report.files.find((f) => f.file === c.file)!.output!);
}

describe('idredact redact on small, blurred and heavily compressed copies', () => {
  it.each([
    ['td3-600px', ['portrait', 'documentNumber', 'personalNumber']],
    ['td3-blurred', ['portrait', 'documentNumber', 'personalNumber']],
    ['td1-front-blurred', ['portrait', 'documentNumber']],
  ])('covers what must be hidden on %s: the MRZ and %j', async (name, fields) => {
    const doc = captures.get(name)!.scene.docs[0]!;
    const copy = await copyOf(name);
    doc.mrzChars.flat().forEach((quad, i) => {
      expect(blackShare(copy, quad, JPEG_BLACK), `${name} MRZ character ${i + 1}`).toBeGreaterThan(0.99);
    });
    for (const field of fields)
      expect(blackShare(copy, doc.fields[field]!, JPEG_BLACK), `${name} ${field}`).toBeGreaterThan(0.99);
  });

  it.each(['td3-600px', 'td3-blurred', 'td1-front-blurred'])(
    'leaves the names and the date of birth of %s uncovered',
    async (name) => {
      const doc = captures.get(name)!.scene.docs[0]!;
      const copy = await copyOf(name);
      for (const field of ['surname', 'givenNames', 'birthDate'])
        expect(blackShare(copy, doc.fields[field]!, 8), `${name} ${field}`).toBeLessThan(0.02);
    },
  );
});
