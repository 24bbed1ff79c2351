import sharp from 'sharp';
import { createWorker, OEM, PSM, type Worker, type WorkerParams } from 'tesseract.js';
import type { GrayImage } from '../image/gray.js';
import { langDataFolder } from './langdata.js';
import { OcrStoppedError, OcrWorkerPool } from './workerPool.js';

export { OcrStoppedError } from './workerPool.js';

/** One line of recognised text with its box in the pixels of the image that was read. */
export interface OcrLine {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
  symbols: { text: string; x0: number; x1: number; y0: number; y1: number; confidence: number }[];
}

const MRZ_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

/** A word of printed text, with its box in the pixels of the image that was read. */
export interface OcrWord {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
  /** Index of the text line the word belongs to (words of one line share it). */
  line: number;
}

export interface OcrServiceOptions {
  /**
   * How many pages may be read at once. Half as many (rounded up) workers of
   * each engine serve them: a page keeps each engine busy for a fraction of its
   * time only. Measured with --jobs 2 on 30 A4 scans, one MRZ worker instead of
   * two: same time within the machine's noise, 75-120 MB less memory; on 30
   * mixed pages, one LSTM worker instead of two: 20.6-22.3 s against
   * 21.2-22.4 s, peak 512-524 MB against 559-583 MB. Each worker is one thread.
   */
  workers?: number;
  /** For tests: a folder whose `legacy/` and `lstm/` hold the two engines' data (default: see langdata.ts). */
  langDataRoot?: string;
}

/**
 * OCR over tesseract.js that never touches the network: language data is read
 * from the installed @tesseract.js-data package and never cached to disk.
 * Workers start on first use and are reused until `terminate()`, after which
 * the service refuses work (OcrStoppedError) rather than start new workers.
 *
 * MRZ text is read by the legacy engine (OEM 0): measured on OCR-B it reads the
 * filler `<` reliably where the LSTM engine turns it into K, L or C.
 */
export class OcrService {
  /** Workers of each engine (see OcrServiceOptions.workers). */
  private readonly workersPerEngine: number;
  private readonly langDataRoot: string | undefined;
  private mrzPool: Promise<OcrWorkerPool> | undefined;
  private textPool: Promise<OcrWorkerPool> | undefined;
  private stopped = false;

  constructor(options: OcrServiceOptions = {}) {
    this.workersPerEngine = Math.ceil(Math.max(1, options.workers ?? 1) / 2);
    this.langDataRoot = options.langDataRoot;
  }

  /** A pool of `count` workers made by `create`, each set up with `parameters`. */
  private async startPool(
    count: number,
    create: () => Promise<Worker>,
    parameters: Partial<WorkerParams>,
  ): Promise<OcrWorkerPool> {
    if (this.stopped) throw new OcrStoppedError();
    const workers = await Promise.all(Array.from({ length: count }, create));
    for (const worker of workers) {
      // Tesseract's diagnostics ("Detected 2 diacritics") go nowhere, not to the user's terminal.
      await worker.setParameters({ user_defined_dpi: '300', debug_file: '/dev/null', ...parameters });
    }
    return new OcrWorkerPool(workers);
  }

  private startMrzWorkers(): Promise<OcrWorkerPool> {
    this.mrzPool ??= (async () => {
      const langPath = langDataFolder('legacy', this.langDataRoot);
      return this.startPool(
        this.workersPerEngine,
        () =>
          createWorker(
            'eng',
            OEM.TESSERACT_ONLY,
            { langPath, cacheMethod: 'none', gzip: true, legacyCore: true, legacyLang: true },
            // Dictionaries only hurt on MRZ text, which has no words. No learning from one page to
            // the next: a file must read the same whatever came before it in a batch.
            // (tesseract.js's types list only the dictionary switches; Tesseract takes any init parameter.)
            { load_system_dawg: '0', load_freq_dawg: '0', ...({ classify_enable_learning: '0' } as object) },
          ),
        { tessedit_char_whitelist: MRZ_ALPHABET, tessedit_pageseg_mode: PSM.SINGLE_BLOCK },
      );
    })();
    return this.mrzPool;
  }

  /** LSTM workers for the visual zone's printed text (labels, names, numbers). */
  private startTextWorkers(): Promise<OcrWorkerPool> {
    this.textPool ??= (async () => {
      const langPath = langDataFolder('lstm', this.langDataRoot);
      return this.startPool(
        this.workersPerEngine,
        () => createWorker('eng', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true }),
        { tessedit_pageseg_mode: PSM.SPARSE_TEXT },
      );
    })();
    return this.textPool;
  }

  /**
   * Starts both kinds of workers at once, in their own threads, so that the
   * first file does not wait for one after the other (cold start).
   */
  async warmUp(): Promise<void> {
    await Promise.all([this.startMrzWorkers(), this.startTextWorkers()]);
  }

  /** Reads the words printed on an upright page image. */
  async readWords(image: GrayImage): Promise<OcrWord[]> {
    const pool = await this.startTextWorkers();
    const png = await toPng(image);
    const result = await pool.run((worker) => worker.recognize(png, {}, { blocks: true }));
    const words: OcrWord[] = [];
    let line = 0;
    for (const block of result.data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const textLine of paragraph.lines) {
          for (const word of textLine.words) {
            const text = word.text.trim();
            if (text) words.push({ text, confidence: word.confidence, bbox: word.bbox, line });
          }
          line++;
        }
      }
    }
    return words;
  }

  /** Reads MRZ-alphabet text from a grey image holding an upright MRZ block. */
  async readMrzText(image: GrayImage): Promise<OcrLine[]> {
    const pool = await this.startMrzWorkers();
    const png = await toPng(image);
    const result = await pool.run((worker) => worker.recognize(png, {}, { text: true, blocks: true }));
    const lines: OcrLine[] = [];
    for (const block of result.data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          const text = line.text.replace(/\s+/g, '');
          if (!text) continue;
          lines.push({
            text,
            confidence: line.confidence,
            bbox: line.bbox,
            symbols: line.words.flatMap((word) =>
              word.symbols.map((s) => ({
                text: s.text,
                x0: s.bbox.x0,
                x1: s.bbox.x1,
                y0: s.bbox.y0,
                y1: s.bbox.y1,
                confidence: s.confidence,
              })),
            ),
          });
        }
      }
    }
    return lines;
  }

  /** Stops the workers for good: later requests fail with OcrStoppedError. */
  async terminate(): Promise<void> {
    this.stopped = true;
    const pools = [this.mrzPool, this.textPool];
    for (const pool of pools) if (pool) await (await pool.catch(() => undefined))?.stop();
  }
}

/** Tesseract takes encoded images; a fast, lossless PNG of the grey pixels (in memory only). */
function toPng(image: GrayImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
