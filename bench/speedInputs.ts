import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { openDocument } from '../shared/load/index.js';
import { drawTd1Back, drawTd1Front, drawTd3 } from '../test/fixtures/documents.js';
import { PEOPLE } from '../test/fixtures/mrzText.js';
import { specimenPortrait } from '../test/fixtures/portraits.js';
import { encodeScene, perspectivePhoto, renderScene, scenesToPdf, type Scene } from '../test/fixtures/scene.js';

/** One input of the speed benchmark. */
export interface SpeedInput {
  name: string;
  file: string;
  pages: number;
  /** Its pages as images native Tesseract can read (PDF pages rendered at 300 dpi, as IDRedact does). */
  pageImages: string[];
}

/** Everything the speed benchmark runs on (`manifest.json` in its folder). */
export interface SpeedBenchFiles {
  inputs: SpeedInput[];
  /** 10 and 50 copies of the A4 scan as one PDF each. */
  tenPagePdf: string;
  fiftyPagePdf: string;
}

const DPI = 300;
const MM = DPI / 25.4;

/** An A4 sheet at 300 dpi (2480 x 3508) with one document laid on it, as a flatbed scan makes it. */
function a4Scan(
  scene: Omit<Parameters<typeof renderScene>[0][number], 'center'>,
  at: { xMm: number; yMm: number },
): Scene {
  const width = Math.round(210 * MM);
  const height = Math.round(297 * MM);
  const { doc } = scene;
  return renderScene(
    [{ ...scene, center: { x: at.xMm * MM + doc.canvas.width / 2, y: at.yMm * MM + doc.canvas.height / 2 } }],
    { width, height, background: '#fbfbf8', noise: 4 },
  );
}

/**
 * The four inputs the issue names: a 300-dpi flat scan of a TD3 page on A4, a
 * TD1 card's front and back side by side, a 3000x2000 phone photo, a 2-page PDF.
 * Fictional people, specimen portrait (so that the face detector works as on real copies).
 */
export async function makeSpeedInputs(dir: string): Promise<SpeedInput[]> {
  const photo = await specimenPortrait();
  const td3 = drawTd3(PEOPLE.passport, DPI, { photo });
  const scan = a4Scan({ doc: td3, angleDeg: 0.4 }, { xMm: 20, yMm: 25 });
  const frontBack = renderScene(
    [
      { doc: drawTd1Front(PEOPLE.card, DPI, { photo }), center: { x: 620, y: 460 }, angleDeg: 0 },
      { doc: drawTd1Back(PEOPLE.card, DPI), center: { x: 1760, y: 470 }, angleDeg: 1 },
    ],
    { width: 2400, height: 920, background: '#f2f2f0', noise: 4 },
  );
  const phone = perspectivePhoto(
    drawTd3(PEOPLE.passport, 250, { photo }),
    [
      { x: 600, y: 420 },
      { x: 2440, y: 360 },
      { x: 2600, y: 1690 },
      { x: 430, y: 1580 },
    ],
    { width: 3000, height: 2000 },
  );
  const pdfPages = [scan, a4Scan({ doc: drawTd1Back(PEOPLE.card, DPI), angleDeg: 0 }, { xMm: 30, yMm: 40 })];

  const inputs: SpeedInput[] = [];
  const put = async (name: string, bytes: Buffer, pages = 1): Promise<void> => {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    inputs.push({ name, file, pages, pageImages: [file] });
  };
  await put('td3-a4-scan.jpg', await encodeScene(scan, 'jpeg', { quality: 90 }));
  await put('td1-front-back.jpg', await encodeScene(frontBack, 'jpeg', { quality: 90 }));
  await put('phone-photo.jpg', await encodeScene(phone, 'jpeg', { quality: 88 }));
  await put('two-pages.pdf', await scenesToPdf(pdfPages, DPI), 2);
  return inputs;
}

/** The pages of a PDF as PNG files beside it, rendered as IDRedact renders them. */
async function pagesAsImages(pdf: string): Promise<string[]> {
  const doc = await openDocument(pdf);
  const files: string[] = [];
  for (let i = 0; i < doc.pageCount; i++) {
    const page = await doc.readPage(i);
    const file = pdf.replace(/\.pdf$/, `-page${i + 1}.png`);
    await sharp(page.rgb, { raw: { width: page.width, height: page.height, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toFile(file);
    files.push(file);
  }
  await doc.close();
  return files;
}

/** A PDF of `pages` pages, each a copy of the scanned A4 page. */
async function longPdf(scanJpeg: string, pages: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedJpg(await readFile(scanJpeg));
  for (let i = 0; i < pages; i++)
    pdf.addPage([595.28, 841.89]).drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
  return Buffer.from(await pdf.save());
}

/** Makes every file of the speed benchmark in `dir` and lists them in `dir/manifest.json`. */
export async function makeSpeedBenchFiles(dir: string): Promise<SpeedBenchFiles> {
  const inputs = await makeSpeedInputs(dir);
  for (const input of inputs) if (input.file.endsWith('.pdf')) input.pageImages = await pagesAsImages(input.file);
  const files: SpeedBenchFiles = {
    inputs,
    tenPagePdf: path.join(dir, 'ten-pages.pdf'),
    fiftyPagePdf: path.join(dir, 'fifty-pages.pdf'),
  };
  await writeFile(files.tenPagePdf, await longPdf(inputs[0]!.file, 10));
  await writeFile(files.fiftyPagePdf, await longPdf(inputs[0]!.file, 50));
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(files, null, 2));
  return files;
}

// `tsx bench/speedInputs.ts DIR`: what bench/speed.ts runs, in a process of its own.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await makeSpeedBenchFiles(process.argv[2]!);
}
