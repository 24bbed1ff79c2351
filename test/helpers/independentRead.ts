import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

/**
 * A second, independent look at an exported page: full-page OCR (no MRZ
 * location, no crops, no repair), as someone trying to read a leak would do.
 * Used by the specimen tests and bench/accuracy.
 */
export class IndependentReader {
  private worker: Promise<Worker> | undefined;
  private lstmWorker: Promise<Worker> | undefined;

  /** Tesseract's LSTM engine with its defaults: what most people would run on a page. */
  private startLstm(): Promise<Worker> {
    this.lstmWorker ??= (async () => {
      const require = createRequire(import.meta.url);
      const langPath = path.join(
        path.dirname(require.resolve('@tesseract.js-data/eng/package.json')),
        '4.0.0_best_int',
      );
      const worker = await createWorker('eng', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none' });
      await worker.setParameters({
        tessedit_pageseg_mode: PSM.SPARSE_TEXT,
        user_defined_dpi: '300',
        debug_file: '/dev/null',
      });
      return worker;
    })();
    return this.lstmWorker;
  }

  private start(): Promise<Worker> {
    this.worker ??= (async () => {
      const require = createRequire(import.meta.url);
      const langPath = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0');
      const worker = await createWorker(
        'eng',
        OEM.TESSERACT_ONLY,
        { langPath, cacheMethod: 'none' },
        { load_system_dawg: '0', load_freq_dawg: '0' },
      );
      await worker.setParameters({
        tessedit_char_whitelist: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<',
        tessedit_pageseg_mode: PSM.SPARSE_TEXT,
        user_defined_dpi: '300',
        // No learning from page to page: each image is read as a fresh engine would read it
        // (as someone reading one copy would), so a result does not depend on what was read before.
        classify_enable_learning: '0',
        // Tesseract's diagnostics ("Detected 26 diacritics") stay out of the test output.
        debug_file: '/dev/null',
      });
      return worker;
    })();
    return this.worker;
  }

  /** Text lines found on the page (upscaled twice when small). */
  async readLines(image: Buffer | string): Promise<string[]> {
    const { png } = await prepare(image);
    const worker = await this.start();
    const result = await worker.recognize(png);
    return result.data.text
      .split('\n')
      .map((l) => l.replace(/\s+/g, ''))
      .filter((l) => l.length >= 8);
  }

  /**
   * Text lines as the LSTM engine reads them: it reads some printed numbers the
   * legacy engine of readLines does not (and the other way round).
   */
  async readLinesLstm(image: Buffer | string): Promise<string[]> {
    const { png } = await prepare(image);
    const result = await (await this.startLstm()).recognize(png);
    return result.data.text
      .split('\n')
      .map((l) => l.toUpperCase().replace(/\s+/g, ''))
      .filter((l) => l.length >= 5);
  }

  /** Words with their boxes in the image's own pixels. */
  async readWords(
    image: Buffer | string,
  ): Promise<{ text: string; box: { x: number; y: number; width: number; height: number } }[]> {
    const { png, upscale } = await prepare(image);
    const worker = await this.start();
    const result = await worker.recognize(png, {}, { blocks: true });
    return (result.data.blocks ?? []).flatMap((b) =>
      b.paragraphs.flatMap((p) =>
        p.lines.flatMap((l) =>
          l.words.map((w) => ({
            text: w.text,
            box: {
              x: w.bbox.x0 / upscale,
              y: w.bbox.y0 / upscale,
              width: (w.bbox.x1 - w.bbox.x0) / upscale,
              height: (w.bbox.y1 - w.bbox.y0) / upscale,
            },
          })),
        ),
      ),
    );
  }

  async terminate(): Promise<void> {
    if (this.worker) await (await this.worker).terminate();
    if (this.lstmWorker) await (await this.lstmWorker).terminate();
    this.worker = undefined;
    this.lstmWorker = undefined;
  }
}

/** A grey PNG of the page, upscaled twice when small (OCR wants capitals of 20 pixels or more). */
async function prepare(image: Buffer | string): Promise<{ png: Buffer; upscale: number }> {
  const meta = await sharp(image).metadata();
  const upscale = Math.max(meta.width ?? 0, meta.height ?? 0) < 1400 ? 2 : 1;
  const png = await sharp(image)
    .resize({ width: (meta.width ?? 1) * upscale })
    .greyscale()
    .png()
    .toBuffer();
  return { png, upscale };
}

/** Length of the longest common subsequence. */
function lcs(a: string, b: string): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let previous = 0;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? previous + 1 : Math.max(row[j]!, row[j - 1]!);
      previous = saved;
    }
  }
  return row[b.length]!;
}

const fold = (s: string): string => s.replace(/</g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

/**
 * Whether an MRZ line can still be read from OCR lines: some line holds at
 * least `threshold` of its characters in order (fillers ignored, O/0 and I/1 folded).
 */
export function lineReadable(truth: string, ocrLines: readonly string[], threshold = 0.6): number {
  const target = fold(truth);
  let best = 0;
  for (const line of ocrLines) best = Math.max(best, lcs(target, fold(line)) / Math.max(1, target.length));
  return best >= threshold ? best : 0;
}

/** The MRZ lines that carry numbers (document number, dates, personal number). */
export function numberLines(mrzLines: readonly string[]): string[] {
  return mrzLines.length === 3 ? mrzLines.slice(0, 2) : mrzLines.slice(1);
}
