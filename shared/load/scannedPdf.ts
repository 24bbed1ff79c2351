import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  type PDFPage,
} from 'pdf-lib';
import { IDENTITY, multiply, type PdfMatrix } from './pdfMatrix.js';

/**
 * Most PDFs people send are scans: each page is one JPEG drawn over the whole
 * page and nothing else. Such a page is decoded from its JPEG by libjpeg-turbo
 * (through sharp) instead of being rendered by pdf.js, whose JavaScript JPEG
 * decoder takes about a second per 300-dpi page. Anything else on the page —
 * text, vector boxes, a second image, a mask, a rotation, a crop box — and the
 * page is rendered by pdf.js as before, so the fast path never changes what is seen.
 */

/**
 * For each page, the JPEG that alone makes it up, or undefined where pdf.js
 * must render. An encrypted file's JPEGs are encrypted: pdf.js decrypts and
 * renders those.
 */
export function scannedPageJpegs(doc: PDFDocument): (Uint8Array | undefined)[] | undefined {
  if (doc.isEncrypted) return undefined;
  return doc.getPages().map((page) => {
    try {
      return soleJpeg(doc, page);
    } catch {
      return undefined;
    }
  });
}

function soleJpeg(doc: PDFDocument, page: PDFPage): Uint8Array | undefined {
  if (page.getRotation().angle % 360 !== 0) return undefined;
  const media = page.getMediaBox();
  const crop = page.getCropBox();
  const same = (a: number, b: number): boolean => Math.abs(a - b) <= 0.5;
  if (
    ![crop.x - media.x, crop.y - media.y, crop.width - media.width, crop.height - media.height].every((d) => same(d, 0))
  )
    return undefined;

  // The content: only q/Q, cm and a single Do.
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
  let text = '';
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) return undefined;
    text += Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') + '\n';
  }
  const tokens = text.split(/\s+/).filter(Boolean);
  let matrix: PdfMatrix = IDENTITY;
  const stack: PdfMatrix[] = [];
  let operands: string[] = [];
  let drawn: { name: string; matrix: PdfMatrix } | undefined;
  for (const token of tokens) {
    if (token === 'q') stack.push(matrix);
    else if (token === 'Q') matrix = stack.pop() ?? matrix;
    else if (token === 'cm') {
      const values = operands.map(Number);
      if (values.length !== 6 || values.some((v) => !Number.isFinite(v))) return undefined;
      matrix = multiply(matrix, values as PdfMatrix);
    } else if (token === 'Do') {
      if (drawn || operands.length !== 1 || !operands[0]!.startsWith('/')) return undefined;
      drawn = { name: operands[0]!.slice(1), matrix };
    } else if (/^[-+.\d]/.test(token) || token.startsWith('/')) {
      operands.push(token);
      continue;
    } else return undefined; // any other operator: text, paths, colours, images inline
    operands = [];
  }
  if (!drawn || operands.length > 0) return undefined;
  // The image's unit square must be the whole page, upright.
  const [a, b, c, d, e, f] = drawn.matrix;
  if (!same(b, 0) || !same(c, 0) || !same(a, media.width) || !same(d, media.height)) return undefined;
  if (!same(e, media.x) || !same(f, media.y)) return undefined;

  const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const image = xObjects?.lookup(PDFName.of(drawn.name));
  if (!(image instanceof PDFRawStream)) return undefined;
  const dict = image.dict;
  const name = (key: string): string | undefined => dict.lookupMaybe(PDFName.of(key), PDFName)?.asString();
  const filter = dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : [filter];
  if (filters.length !== 1 || !(filters[0] instanceof PDFName) || filters[0].asString() !== '/DCTDecode')
    return undefined;
  if (name('Subtype') !== '/Image') return undefined;
  if (!['/DeviceRGB', '/DeviceGray'].includes(name('ColorSpace') ?? '')) return undefined;
  if (dict.lookupMaybe(PDFName.of('BitsPerComponent'), PDFNumber)?.asNumber() !== 8) return undefined;
  for (const key of ['SMask', 'Mask', 'Decode', 'ImageMask', 'DecodeParms', 'Alternates', 'OC'])
    if (dict.has(PDFName.of(key))) return undefined;
  return image.contents;
}
