import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../shared/errors.js';
import { openDocument } from '../shared/load/index.js';
import { drawTd1Back, drawTd3 } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import {
  encodeScene,
  scenesToPdf,
  scenesToTiff,
  singleDocumentScene,
  type FileKind,
  type Scene,
} from './fixtures/scene.js';
import { ROOT, tempDir } from './helpers/cli.js';

let dir: string;
let cleanup: () => Promise<void>;
let scene: Scene;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  scene = singleDocumentScene(drawTd3(PEOPLE.passport, 100), 0, 10);
});
afterAll(() => cleanup());

async function write(name: string, bytes: Buffer | Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

function meanAbsDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

async function expectInputError(input: string, reason: string): Promise<InputError> {
  const error = await openDocument(input)
    .then((doc) => doc.readPage(0))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).reason).toBe(reason);
  expect((error as InputError).message).toContain(path.basename(input));
  return error as InputError;
}

describe('openDocument', () => {
  it.each<[FileKind, number]>([
    ['png', 0],
    ['jpeg', 4],
    ['tiff', 0],
    ['webp', 6],
    ['gif', 12],
  ])('decodes %s at native resolution', async (kind, tolerance) => {
    const file = await write(`page.${kind}`, await encodeScene(scene, kind));
    const doc = await openDocument(file);
    expect(doc.format).toBe(kind);
    expect(doc.pageCount).toBe(1);
    const page = await doc.readPage(0);
    expect([page.width, page.height]).toEqual([scene.width, scene.height]);
    expect(page.rgb.length).toBe(scene.width * scene.height * 3);
    expect(meanAbsDifference(page.rgb, scene.rgb)).toBeLessThanOrEqual(tolerance);
  });

  it('decodes AVIF', async () => {
    const bytes = await sharp(scene.rgb, { raw: { width: scene.width, height: scene.height, channels: 3 } })
      .avif({ quality: 80 })
      .toBuffer();
    const doc = await openDocument(await write('page.avif', bytes));
    const page = await doc.readPage(0);
    expect([page.width, page.height]).toEqual([scene.width, scene.height]);
    expect(meanAbsDifference(page.rgb, scene.rgb)).toBeLessThan(8);
  });

  it('decodes HEIC (HEVC) with the WebAssembly decoder', async () => {
    const doc = await openDocument(path.join(ROOT, 'test', 'fixtures', 'files', 'td1-back.heic'));
    expect(doc.format).toBe('heif');
    const page = await doc.readPage(0);
    expect([page.width, page.height]).toEqual([903, 591]);
    const reference = singleDocumentScene(drawTd1Back(PEOPLE.card, 250), 0, 30);
    expect(meanAbsDifference(page.rgb, reference.rgb)).toBeLessThan(8);
  });

  it('reads every page of a multi-page TIFF', async () => {
    const second = singleDocumentScene(drawTd3({ ...PEOPLE.passport, surname: 'OTHER' }, 100), 0, 10);
    const doc = await openDocument(await write('two.tiff', await scenesToTiff([scene, second])));
    expect(doc.pageCount).toBe(2);
    const [a, b] = [await doc.readPage(0), await doc.readPage(1)];
    expect(meanAbsDifference(a.rgb, scene.rgb)).toBe(0);
    expect(meanAbsDifference(b.rgb, second.rgb)).toBe(0);
  });

  it('renders every page of a PDF at 300 dpi and keeps the physical size', async () => {
    const pdf = await scenesToPdf([scene, scene], 100);
    const doc = await openDocument(await write('two.pdf', pdf));
    expect(doc.format).toBe('pdf');
    expect(doc.pageCount).toBe(2);
    const page = await doc.readPage(1);
    // 100 dpi source rendered at 300 dpi: three times the pixels.
    expect(page.width).toBeCloseTo(scene.width * 3, -1);
    expect(page.physicalSize!.widthMm).toBeCloseTo((scene.width / 100) * 25.4, 1);
    expect(page.physicalSize!.heightMm).toBeCloseTo((scene.height / 100) * 25.4, 1);
    const small = await sharp(page.rgb, { raw: { width: page.width, height: page.height, channels: 3 } })
      .resize(scene.width, scene.height)
      .raw()
      .toBuffer();
    expect(meanAbsDifference(small, scene.rgb)).toBeLessThan(12);
    await doc.close();
  });

  it('decodes a scanned page from its JPEG as pdf.js would render it, and renders anything more with pdf.js', async () => {
    const jpeg = await encodeScene(scene, 'jpeg', { quality: 92 });
    const make = async (withBox: boolean): Promise<Buffer> => {
      const pdf = await PDFDocument.create();
      const image = await pdf.embedJpg(jpeg);
      const [width, height] = [(scene.width / 300) * 72, (scene.height / 300) * 72];
      const page = pdf.addPage([width, height]);
      page.drawImage(image, { x: 0, y: 0, width, height });
      // A black box drawn over the image: the page is no longer a plain scan.
      if (withBox) page.drawRectangle({ x: 0, y: height - 40, width: 60, height: 40 });
      return Buffer.from(await pdf.save());
    };
    const direct = await (await openDocument(await write('scan-only.pdf', await make(false)))).readPage(0);
    const rendered = await (await openDocument(await write('scan-and-box.pdf', await make(true)))).readPage(0);
    // The page's size at 300 dpi, whichever way it was decoded: the scan's own size, not one pixel
    // more from the last bits of the points-to-pixels product (which meant resampling every page).
    expect([direct.width, direct.height]).toEqual([scene.width, scene.height]);
    expect([rendered.width, rendered.height]).toEqual([direct.width, direct.height]);
    // Same pixels as the JPEG itself, decoded independently...
    const decoded = await sharp(jpeg).raw().toBuffer();
    expect(meanAbsDifference(direct.rgb, decoded)).toBeLessThan(0.5);
    // ...remembered as a JPEG's, so that a PDF copy keeps the page as a JPEG.
    expect(direct.fromJpeg).toBe(true);
    expect(rendered.fromJpeg).toBeUndefined();
    // ...and the same picture pdf.js draws outside the box (its resampling smooths edges a little,
    // as in the test above), while the box is there on the rendered page only.
    const outside = (rgb: Buffer): Buffer => rgb.subarray(direct.width * 3 * Math.ceil((40 / 72) * 300 + 2));
    expect(meanAbsDifference(outside(rendered.rgb), outside(decoded))).toBeLessThan(12);
    expect(rendered.rgb.subarray(0, 3).every((v) => v < 10)).toBe(true);
    expect(direct.rgb.subarray(0, 3).every((v) => v < 10)).toBe(false);
  });

  it('applies EXIF orientation', async () => {
    const bytes = await sharp(scene.rgb, { raw: { width: scene.width, height: scene.height, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const page = await (await openDocument(await write('rotated.jpg', bytes))).readPage(0);
    expect([page.width, page.height]).toEqual([scene.height, scene.width]);
  });

  it('accepts bytes in memory', async () => {
    const doc = await openDocument({ name: 'memory.png', bytes: await encodeScene(scene, 'png') });
    expect((await doc.readPage(0)).width).toBe(scene.width);
  });
});

describe('openDocument on bad input', () => {
  it('names a missing file', async () => {
    await expectInputError(path.join(dir, 'missing.jpg'), 'not_found');
  });
  it('rejects an empty file', async () => {
    await expectInputError(await write('empty.jpg', Buffer.alloc(0)), 'empty');
  });
  it('rejects a text file named .jpg', async () => {
    const error = await expectInputError(await write('notes.jpg', Buffer.from('hello, not an image\n')), 'unsupported');
    expect(error.message).toMatch(/not a supported image or PDF/);
  });
  it('reports a truncated JPEG', async () => {
    const jpeg = await encodeScene(scene, 'jpeg');
    await expectInputError(await write('cut.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2))), 'truncated');
  });
  it('reports a truncated PNG', async () => {
    const png = await encodeScene(scene, 'png');
    const error = await openDocument(await write('cut.png', png.subarray(0, Math.floor(png.length / 2))))
      .then((d) => d.readPage(0))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(['truncated', 'corrupt']).toContain((error as InputError).reason);
  });
  it('says BMP is not supported', async () => {
    const header = Buffer.alloc(54);
    header.write('BM', 0, 'latin1');
    const error = await expectInputError(await write('scan.bmp', header), 'unsupported');
    expect(error.message).toMatch(/BMP/);
  });
  it('reports a corrupt PDF', async () => {
    await expectInputError(await write('broken.pdf', Buffer.from('%PDF-1.7\n1 0 obj garbage\n%%EOF')), 'corrupt');
  });
  it('reports a corrupt HEIC', async () => {
    const fake = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic\0\0\0\0mif1heic'),
      Buffer.alloc(64, 7),
    ]);
    const error = await expectInputError(await write('broken.heic', fake), 'corrupt');
    expect(error.message).toMatch(/HEIC/);
  });
  it('enforces the pixel limit per page', async () => {
    const file = await write('big.png', await encodeScene(scene, 'png'));
    const error = await openDocument(file, { maxPagePixels: 1000 }).catch((e: unknown) => e);
    expect((error as InputError).reason).toBe('too_large');
  });
  it('enforces the page limit', async () => {
    const pdf = await PDFDocument.create();
    for (let i = 0; i < 3; i++) pdf.addPage([100, 100]);
    const file = await write('three.pdf', await pdf.save());
    const error = await openDocument(file, { maxPages: 2 }).catch((e: unknown) => e);
    expect((error as InputError).reason).toBe('too_many_pages');
  });
  it('enforces the file size limit', async () => {
    const file = await write('size.png', await encodeScene(scene, 'png'));
    const error = await openDocument(file, { maxFileBytes: 100 }).catch((e: unknown) => e);
    expect((error as InputError).reason).toBe('too_large');
  });
});
