import path from 'node:path';
import { analysePage } from './detect/analyse.js';
import type { PageAnalysis } from './detect/index.js';
import { errorMessage, InputError, OutputError } from './errors.js';
import { openAtomicFile, writeFileAtomic, type AtomicFile } from './export/atomic.js';
import { encodePage, pixelFormatFor, type EncodedPage, type ExportFormat } from './export/encode.js';
import { ImagePdfWriter } from './export/pdfWriter.js';
import { openDocument, type InputFormat, type LoadLimits } from './load/index.js';
import type { OcrService } from './ocr/service.js';
import { redactPageInPlace } from './redact/render.js';
import { selfCheck, type SelfCheckMode } from './verify/selfCheck.js';
import { summarise } from './verify/findings.js';
import { maskValue, type FileReport, type PageReport } from './report.js';
import { DEFAULT_PAGE_TIME_LIMIT_MS, withinTimeLimit } from './timeLimit.js';

export type FormatChoice = ExportFormat | 'auto';

export interface RedactOptions {
  ocr: OcrService;
  /** Folder the redacted copy is written to. */
  outDir: string;
  format?: FormatChoice;
  limits?: Partial<LoadLimits>;
  /** How each redacted page is checked before it is written (see SelfCheckMode); default quick. */
  selfCheck?: SelfCheckMode;
  /** Name of the copy without `.redacted.ext` (default: the input's); see uniqueOutputStems. */
  outputStem?: string;
  /** Milliseconds allowed for opening the file and for each page (default DEFAULT_PAGE_TIME_LIMIT_MS). */
  timeLimitMs?: number;
}

/** `auto` keeps PDF as PDF and JPEG as JPEG, writes several pages as PDF and anything else as PNG. */
export function chooseFormat(choice: FormatChoice, input: InputFormat, pageCount: number): ExportFormat {
  if (choice !== 'auto') return choice;
  if (input === 'pdf' || pageCount > 1) return 'pdf';
  return input === 'jpeg' ? 'jpeg' : 'png';
}

const EXTENSION: Record<ExportFormat, string> = { png: '.png', jpeg: '.jpg', pdf: '.pdf' };

/** `DIR/name.redacted.<ext>` for `name.ext` (or `stem.redacted.<ext>`). */
export function outputPath(input: string, outDir: string, format: ExportFormat, stem?: string): string {
  stem ??= path.basename(input, path.extname(input));
  return path.join(outDir, `${stem}.redacted${EXTENSION[format]}`);
}

/**
 * Redacts one file: decodes each page, finds what must be hidden, covers it on
 * the full-resolution pixels and writes a new file. Never throws for a bad
 * input: the report says what went wrong.
 */
export async function redactFile(input: string, options: RedactOptions): Promise<FileReport> {
  const started = performance.now();
  const timings = { loadMs: 0, detectMs: 0, exportMs: 0, totalMs: 0 };
  const report: FileReport = { file: input, status: 'error', pages: [], warnings: [], timings };
  try {
    const limit = options.timeLimitMs ?? DEFAULT_PAGE_TIME_LIMIT_MS;
    let t = performance.now();
    const doc = await withinTimeLimit(openDocument(input, options.limits), limit, input, 'opening the file', (late) =>
      late.close(),
    );
    timings.loadMs += performance.now() - t;
    report.format = doc.format;
    const format = chooseFormat(options.format ?? 'auto', doc.format, doc.pageCount);
    const target = outputPath(input, options.outDir, format, options.outputStem);
    // Pages are encoded as they are done and a PDF is written page by page: memory holds one
    // page, not the document. The copy appears under its name only when it is complete.
    let pdf: { file: AtomicFile; writer: ImagePdfWriter } | undefined;
    let firstPage: EncodedPage | undefined;
    try {
      if (format === 'pdf') {
        const file = await openAtomicFile(target, input);
        pdf = { file, writer: new ImagePdfWriter((chunk) => file.write(chunk)) };
        await pdf.writer.begin();
      }
      // Decoding, analysis and encoding of a page run under the time limit; writing does not
      // (so that abandoned work never touches the output file).
      // A single-image export keeps page 1 only: later pages are analysed (for the report) but not encoded.
      const keep = (index: number): boolean => pdf !== undefined || index === 0;
      const redactPage = async (index: number): Promise<{ entry: PageReport; encoded?: EncodedPage }> => {
        let t = performance.now();
        const page = await doc.readPage(index);
        timings.loadMs += performance.now() - t;
        t = performance.now();
        const analysis = await analysePage(page, options.ocr);
        const entry = pageReport(analysis);
        // The original pixels are not needed again: covered where they are.
        const copy = redactPageInPlace(page, analysis.regions);
        // Before anything is written: does the copy still show what it should hide? Meanwhile
        // libvips' threads encode it (neither changes the pixels; the check only adds warnings).
        const encoding = keep(index)
          ? timed(encodePage(copy, pixelFormatFor(format, doc.format === 'jpeg', copy)))
          : undefined;
        const [leftOver, encoded] = await Promise.all([
          selfCheck(copy, index, options.ocr, options.selfCheck ?? 'quick', analysis.regions),
          encoding,
        ]);
        timings.detectMs += performance.now() - t;
        if (encoded) timings.exportMs += encoded.ms;
        entry.selfCheck = leftOver;
        if (leftOver.length > 0)
          entry.warnings.push(`page ${index + 1}: the self-check still sees ${summarise(leftOver)} on the copy`);
        return { entry, encoded: encoded?.value };
      };
      for (let index = 0; index < doc.pageCount; index++) {
        const { entry, encoded } = await withinTimeLimit(redactPage(index), limit, input, `page ${index + 1}`);
        report.pages.push(entry);
        t = performance.now();
        if (pdf && encoded) await pdf.writer.addPage(encoded);
        else if (index === 0) firstPage = encoded;
        timings.exportMs += performance.now() - t;
      }
      t = performance.now();
      if (pdf) {
        await pdf.writer.finish();
        await pdf.file.commit();
      } else {
        if (doc.pageCount > 1)
          report.warnings.push(
            `only page 1 of ${doc.pageCount} fits in a ${format.toUpperCase()} file; use --format pdf`,
          );
        await writeFileAtomic(target, firstPage!.bytes, input);
      }
      timings.exportMs += performance.now() - t;
    } catch (error) {
      await pdf?.file.abort();
      throw error;
    } finally {
      await doc.close();
    }
    report.output = target;

    report.warnings.push(...report.pages.flatMap((p) => p.warnings));
    if (!report.pages.some((p) => p.regions.some((r) => r.kind === 'mrz'))) {
      report.warnings.push('no MRZ found: check by hand that this is not an ID page with a machine-readable zone');
    }
    report.status = report.warnings.length > 0 ? 'review' : 'redacted';
  } catch (error) {
    report.status = 'error';
    report.error = fileError(input, error);
  }
  timings.totalMs = performance.now() - started;
  for (const key of Object.keys(timings) as (keyof typeof timings)[]) timings[key] = Math.round(timings[key]);
  return report;
}

/** Why a file could not be redacted, for its report: the reason and a line naming the file. */
function fileError(input: string, error: unknown): NonNullable<FileReport['error']> {
  if (error instanceof InputError) return { reason: error.reason, message: error.message };
  if (error instanceof OutputError) return { reason: 'output', message: error.message };
  return { reason: 'internal', message: errorMessage(input, error) };
}

/** The report of a file that failed before any of it was done (nothing written). */
export function failedFileReport(input: string, error: unknown): FileReport {
  const timings = { loadMs: 0, detectMs: 0, exportMs: 0, totalMs: 0 };
  return { file: input, status: 'error', pages: [], warnings: [], timings, error: fileError(input, error) };
}

/** A promise's value and the milliseconds from now until it settled. */
async function timed<T>(promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await promise;
  return { value, ms: performance.now() - started };
}

export function pageReport(analysis: PageAnalysis): PageReport {
  return {
    page: analysis.page.index,
    width: analysis.page.width,
    height: analysis.page.height,
    regions: analysis.regions,
    mrz: analysis.mrz.map((m) => ({
      format: m.parsed.format,
      lines: m.parsed.lines.length,
      checks: m.parsed.checks,
      allChecksValid: m.parsed.allChecksValid,
      documentNumber: maskValue(m.parsed.fields.documentNumber),
      hasOptionalData: m.parsed.fields.optionalData.some((d) => d.length > 0),
      lineBoxes: m.lineBoxes,
      zoneBox: m.zoneBox,
      angle: Math.round(m.angle * 10) / 10,
    })),
    warnings: analysis.warnings,
  };
}
