import { createRequire } from 'node:module';
import sharp from 'sharp';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import { DEFAULT_LIMITS, type DocumentSource, type LoadLimits, type PageImage } from './page.js';
import { unpackedPath } from '../assets.js';
import { endMarkerMissing } from './truncation.js';

const require = createRequire(import.meta.url);
const MM_PER_POINT = 25.4 / 72;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | undefined;

/** pdf.js is large: load it only when a PDF is opened. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

/**
 * Loads pdf.js, the part of it that parses files (its "worker", run in this
 * thread) and pdf-lib before the first PDF needs them: about 0.5 s of module
 * loading (measured) that a batch with PDFs in it can do while its first file
 * waits for the OCR workers to start. Failures are left for opening a PDF to report.
 */
export function preloadPdfSupport(): void {
  loadPdfJs().catch(() => undefined);
  // (Named through a variable: the package ships no types for this module, and none are needed.)
  const parser = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  (import(parser) as Promise<unknown>).catch(() => undefined);
  Promise.all([import('./pdfObjects.js'), import('./scannedPdf.js')]).catch(() => undefined);
}

/** Folders of pdf.js's own data files, read from disk (never fetched). */
function pdfjsDataFolder(folder: string): string {
  const root = unpackedPath(path.dirname(require.resolve('pdfjs-dist/package.json')));
  return pathToFileURL(path.join(root, folder)).href + '/';
}

function explainPdfError(name: string, error: unknown, truncated: boolean): InputError {
  const errorName = (error as { name?: string } | undefined)?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (errorName === 'PasswordException') {
    return new InputError(
      name,
      'encrypted',
      'PDF is password-protected; open it, save an unprotected copy and try again',
    );
  }
  if (truncated)
    return new InputError(name, 'truncated', `PDF is truncated (the file is incomplete: no end-of-file marker)`);
  if (errorName === 'InvalidPDFException' || /Invalid PDF/i.test(message)) {
    return new InputError(name, 'corrupt', `PDF is corrupt (${message})`);
  }
  if (/unexpected end|truncat/i.test(message)) {
    return new InputError(name, 'truncated', `PDF is truncated (${message})`);
  }
  return new InputError(name, 'corrupt', `PDF could not be read (${message})`);
}

export type PdfJsDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

/**
 * A PDF opened with pdf.js (data files from disk, no fonts from the system, no
 * XFA); errors explained. pdf.js leaves out images over `maxImagePixels`
 * instead of decoding them. Opening a PDF for its pages refuses such a file
 * first (see largestEmbeddedImage), so a copy leaves nothing out unsaid,
 * except from a file so damaged that only pdf.js can read it.
 */
export async function openPdfJs(
  name: string,
  bytes: Uint8Array,
  maxImagePixels = DEFAULT_LIMITS.maxPagePixels,
): Promise<{ pdfjs: PdfJs; doc: PdfJsDocument; destroy(): Promise<void> }> {
  // pdf.js may detach `bytes`: look at the end marker first.
  const truncated = endMarkerMissing('pdf', bytes);
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: bytes,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    maxImageSize: maxImagePixels,
    standardFontDataUrl: pdfjsDataFolder('standard_fonts'),
    cMapUrl: pdfjsDataFolder('cmaps'),
    cMapPacked: true,
    wasmUrl: pdfjsDataFolder('wasm'),
    iccUrl: pdfjsDataFolder('iccs'),
  });
  try {
    return { pdfjs, doc: await task.promise, destroy: () => task.destroy() };
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw explainPdfError(name, error, truncated);
  }
}

/**
 * A page's side in whole pixels: rounded up, but not for the last bits of a
 * floating-point product. A scan of 2480 pixels placed on a page of 2480/300
 * inches comes out at 2480.0000000000005 pixels, and rounding that up to 2481
 * meant resampling every scanned page (0.2 s each, measured, and a slight blur).
 */
function wholePixels(size: number): number {
  return Math.ceil(size - 1e-6);
}

/** Every page of a PDF rendered at `limits.pdfDpi`, keeping the page's size in millimetres. */
export async function openPdf(name: string, bytes: Buffer, limits: LoadLimits): Promise<DocumentSource> {
  const truncated = endMarkerMissing('pdf', bytes);
  const { pdfjs, doc, destroy } = await openPdfJs(name, new Uint8Array(bytes), limits.maxPagePixels);
  if (doc.numPages > limits.maxPages) {
    await destroy();
    throw new InputError(name, 'too_many_pages', `${doc.numPages} pages exceeds the limit of ${limits.maxPages}`);
  }
  // pdf-lib (loaded with the first PDF or ahead of it, see preloadPdfSupport: start-up that
  // image-only runs need not pay) reads the file's objects once, for two things pdf.js is not
  // left to find out alone.
  const [{ loadPdfObjects, largestEmbeddedImage }, { scannedPageJpegs }] = await Promise.all([
    import('./pdfObjects.js'),
    import('./scannedPdf.js'),
  ]);
  const objects = await loadPdfObjects(bytes);
  // An image too large to decode is refused before pdf.js tries (see largestEmbeddedImage).
  const image = objects && largestEmbeddedImage(objects);
  if (image && image.width * image.height > limits.maxPagePixels) {
    await destroy();
    throw new InputError(
      name,
      'too_large',
      `embeds an image of ${image.width}x${image.height} pixels, over the limit of ${limits.maxPagePixels / 1e6} MP`,
    );
  }
  // Pages that are one JPEG alone are decoded directly (see scannedPdf.ts).
  const scans = objects && scannedPageJpegs(objects);
  const scale = limits.pdfDpi / 72;

  return {
    name,
    format: 'pdf',
    pageCount: doc.numPages,
    async readPage(index: number): Promise<PageImage> {
      try {
        const page = await doc.getPage(index + 1);
        const pointsViewport = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale });
        const width = wholePixels(viewport.width);
        const height = wholePixels(viewport.height);
        if (width * height > limits.maxPagePixels) {
          throw new InputError(
            name,
            'too_large',
            `page ${index + 1} is too large: ${width}x${height} pixels at ${limits.pdfDpi} dpi exceeds ${limits.maxPagePixels / 1e6} MP`,
          );
        }
        const physicalSize = {
          widthMm: pointsViewport.width * MM_PER_POINT,
          heightMm: pointsViewport.height * MM_PER_POINT,
        };
        const scan = scans?.[index];
        if (scan) {
          const rgb = await decodeScan(scan, width, height, limits);
          if (rgb) {
            page.cleanup();
            return { index, width, height, rgb, physicalSize, fromJpeg: true };
          }
        }
        const { createCanvas } = await import('@napi-rs/canvas');
        const canvas = createCanvas(width, height);
        const context = canvas.getContext('2d');
        context.fillStyle = '#ffffff';
        context.fillRect(0, 0, width, height);
        await page.render({
          canvas: canvas as unknown as HTMLCanvasElement,
          canvasContext: context as unknown as CanvasRenderingContext2D,
          viewport,
          annotationMode: pdfjs.AnnotationMode.ENABLE_FORMS,
        }).promise;
        const rgba = context.getImageData(0, 0, width, height).data;
        const rgb = Buffer.allocUnsafe(width * height * 3);
        for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
          rgb[j] = rgba[i]!;
          rgb[j + 1] = rgba[i + 1]!;
          rgb[j + 2] = rgba[i + 2]!;
        }
        page.cleanup();
        return {
          index,
          width,
          height,
          rgb,
          physicalSize,
        };
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw explainPdfError(name, error, truncated);
      }
    },
    async close() {
      await destroy();
    },
  };
}

/**
 * A scanned page's JPEG decoded and scaled to the page's size at the rendering
 * resolution, as pdf.js would draw it; undefined (render with pdf.js) if it does not decode.
 */
async function decodeScan(
  jpeg: Uint8Array,
  width: number,
  height: number,
  limits: LoadLimits,
): Promise<Buffer | undefined> {
  try {
    const { data, info } = await sharp(jpeg, { limitInputPixels: limits.maxPagePixels, failOn: 'truncated' })
      .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return info.channels === 3 && info.width === width && info.height === height ? data : undefined;
  } catch {
    return undefined;
  }
}
