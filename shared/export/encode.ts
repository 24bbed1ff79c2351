import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  type PDFRawStream,
} from 'pdf-lib';
import sharp from 'sharp';
import type { PhysicalSize } from '../load/page.js';

export type ExportFormat = 'png' | 'jpeg' | 'pdf';

/** A page ready to export: covered pixels only. */
export interface RedactedPage {
  width: number;
  height: number;
  rgb: Buffer;
  physicalSize?: PhysicalSize;
}

const JPEG_QUALITY = 92;
/** Images with no physical size are placed on PDF pages at this resolution. */
const DEFAULT_DPI = 300;
const POINTS_PER_MM = 72 / 25.4;

/**
 * Encodes raw pixels as a new file. sharp writes no metadata unless asked, so
 * the result carries no EXIF, XMP, IPTC, ICC profile, comment or thumbnail.
 */
export async function encodeImage(page: RedactedPage, format: 'png' | 'jpeg'): Promise<Buffer> {
  const image = sharp(page.rgb, { raw: { width: page.width, height: page.height, channels: 3 } });
  return format === 'png'
    ? image.png({ compressionLevel: 6 }).toBuffer()
    : image.jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:4:4', mozjpeg: false }).toBuffer();
}

/** A redacted page already encoded: what a multi-page export keeps in memory instead of its pixels. */
export interface EncodedPage {
  bytes: Buffer;
  pixelFormat: 'png' | 'jpeg';
  width: number;
  height: number;
  physicalSize?: PhysicalSize;
}

/** Encodes one page as soon as it is redacted, so that a long document never holds all its pixels at once. */
export async function encodePage(page: RedactedPage, pixelFormat: 'png' | 'jpeg'): Promise<EncodedPage> {
  return {
    bytes: await encodeImage(page, pixelFormat),
    pixelFormat,
    width: page.width,
    height: page.height,
    ...(page.physicalSize ? { physicalSize: page.physicalSize } : {}),
  };
}

/**
 * An image-only PDF: one picture per page at the source's physical size, with
 * no text layer, no annotations and no document information.
 */
export async function assemblePdf(pages: readonly EncodedPage[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  for (const page of pages) {
    const size = page.physicalSize ?? {
      widthMm: (page.width / DEFAULT_DPI) * 25.4,
      heightMm: (page.height / DEFAULT_DPI) * 25.4,
    };
    const width = size.widthMm * POINTS_PER_MM;
    const height = size.heightMm * POINTS_PER_MM;
    const pdfPage = pdf.addPage([width, height]);
    if (page.pixelFormat === 'jpeg') {
      pdfPage.drawImage(await pdf.embedJpg(page.bytes), { x: 0, y: 0, width, height });
      continue;
    }
    const name = pdfPage.node.newXObject('Im', pdf.context.register(pngAsPdfImage(pdf, page)));
    pdfPage.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(width, 0, 0, height, 0, 0),
      drawObject(name),
      popGraphicsState(),
    );
  }
  return pdf.save({ useObjectStreams: false });
}

/** An image-only PDF of `pages`, each encoded as `pixelFormat`. */
export async function encodePdf(pages: readonly RedactedPage[], pixelFormat: 'png' | 'jpeg'): Promise<Uint8Array> {
  const encoded: EncodedPage[] = [];
  for (const page of pages) encoded.push(await encodePage(page, pixelFormat));
  return assemblePdf(encoded);
}

/**
 * A PDF image XObject made of a PNG's compressed data as it is: PDF's Flate
 * filter with the PNG predictors reads PNG's IDAT stream directly. (pdf-lib's
 * embedPng decodes and recompresses in JavaScript: ten times slower on a scan.)
 */
function pngAsPdfImage(pdf: PDFDocument, page: EncodedPage): PDFRawStream {
  const png = page.bytes;
  const idat: Buffer[] = [];
  for (let offset = 8; offset + 8 <= png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'IHDR' && (png[offset + 16] !== 8 || png[offset + 17] !== 2 || png[offset + 20] !== 0))
      throw new Error('expected an 8-bit RGB, non-interlaced PNG');
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  return pdf.context.stream(Buffer.concat(idat), {
    Type: 'XObject',
    Subtype: 'Image',
    Width: page.width,
    Height: page.height,
    ColorSpace: 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: 3, BitsPerComponent: 8, Columns: page.width },
  });
}

/**
 * The bytes of an exported document: PDF pages keep the input's pixel
 * encoding (JPEG stays JPEG), single images are encoded as asked.
 */
export async function encodeDocument(
  pages: readonly RedactedPage[],
  format: ExportFormat,
  inputWasJpeg: boolean,
): Promise<Uint8Array> {
  return format === 'pdf' ? encodePdf(pages, inputWasJpeg ? 'jpeg' : 'png') : encodeImage(pages[0]!, format);
}
