import type { EncodedPage } from './encode.js';

/** Where the PDF's bytes go, in order: a file being written, or memory. */
export type PdfSink = (chunk: Buffer) => Promise<void>;

const POINTS_PER_MM = 72 / 25.4;
/** Images with no physical size are placed on pages at this resolution. */
const DEFAULT_DPI = 300;

/**
 * Writes an image-only PDF one page at a time, so that a long document is
 * never held in memory whole: each page is one image (a JPEG as it is, or a
 * PNG's compressed data read through PDF's Flate filter with PNG predictors)
 * drawn over the whole page. No text, no annotations, no document
 * information, no metadata: nothing but the pictures.
 *
 * Object 1 is the catalog and object 2 the page tree; both are written last,
 * when the pages are known (a page may name its parent before it is written).
 */
export class ImagePdfWriter {
  private readonly offsets: number[] = [];
  private readonly pages: number[] = [];
  private position = 0;
  private nextObject = 3;

  constructor(private readonly sink: PdfSink) {}

  /** The file header; call once, first. */
  async begin(): Promise<void> {
    // The comment of high bytes tells transfer tools the file is binary.
    await this.emit(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
  }

  async addPage(page: EncodedPage): Promise<void> {
    const size = page.physicalSize ?? {
      widthMm: (page.width / DEFAULT_DPI) * 25.4,
      heightMm: (page.height / DEFAULT_DPI) * 25.4,
    };
    const width = round(size.widthMm * POINTS_PER_MM);
    const height = round(size.heightMm * POINTS_PER_MM);
    const image = this.nextObject++;
    const content = this.nextObject++;
    const pageObject = this.nextObject++;
    const [data, filter] =
      page.pixelFormat === 'jpeg'
        ? [page.bytes, '/Filter /DCTDecode']
        : [
            pngImageData(page.bytes),
            `/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns ${page.width} >>`,
          ];
    await this.stream(
      image,
      `/Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 ${filter}`,
      data,
    );
    await this.stream(content, '', Buffer.from(`q ${width} 0 0 ${height} 0 0 cm /Im0 Do Q`));
    await this.object(
      pageObject,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] ` +
        `/Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`,
    );
    this.pages.push(pageObject);
  }

  /** The page tree, the catalog, the cross-reference table and the trailer; call once, last. */
  async finish(): Promise<void> {
    if (this.pages.length === 0) throw new Error('a PDF needs at least one page');
    await this.object(
      2,
      `<< /Type /Pages /Kids [${this.pages.map((p) => `${p} 0 R`).join(' ')}] /Count ${this.pages.length} >>`,
    );
    await this.object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    const xrefAt = this.position;
    const count = this.nextObject;
    const entries = ['0000000000 65535 f \n'];
    for (let n = 1; n < count; n++) entries.push(`${String(this.offsets[n]).padStart(10, '0')} 00000 n \n`);
    await this.emit(
      Buffer.from(
        `xref\n0 ${count}\n${entries.join('')}trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`,
        'latin1',
      ),
    );
  }

  private async object(number: number, body: string): Promise<void> {
    this.offsets[number] = this.position;
    await this.emit(Buffer.from(`${number} 0 obj\n${body}\nendobj\n`, 'latin1'));
  }

  private async stream(number: number, dictionary: string, data: Buffer): Promise<void> {
    this.offsets[number] = this.position;
    await this.emit(Buffer.from(`${number} 0 obj\n<< ${dictionary} /Length ${data.length} >>\nstream\n`, 'latin1'));
    await this.emit(data);
    await this.emit(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  }

  private async emit(chunk: Buffer): Promise<void> {
    this.position += chunk.length;
    await this.sink(chunk);
  }
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

/** The compressed image data of an 8-bit RGB, non-interlaced PNG (its IDAT chunks joined). */
function pngImageData(png: Buffer): Buffer {
  const idat: Buffer[] = [];
  for (let offset = 8; offset + 8 <= png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'IHDR' && (png[offset + 16] !== 8 || png[offset + 17] !== 2 || png[offset + 20] !== 0))
      throw new Error('expected an 8-bit RGB, non-interlaced PNG');
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  return Buffer.concat(idat);
}
