import { readFile, stat } from 'node:fs/promises';
import { analysePage } from '../detect/analyse.js';
import { errorMessage, InputError } from '../errors.js';
import { DEFAULT_LIMITS, openDocument, type LoadLimits } from '../load/index.js';
import type { OcrService } from '../ocr/service.js';
import { summarise, verdictOf, type Finding, type VerifyReport } from './findings.js';
import { imageStructureFindings } from './imageStructure.js';
import { pdfStructureFindings } from './pdfStructure.js';
import { pixelFindings } from './pixelFindings.js';
import { DEFAULT_PAGE_TIME_LIMIT_MS, withinTimeLimit } from '../timeLimit.js';

export interface VerifyOptions {
  limits?: Partial<LoadLimits>;
  /** Called with each page's pixels and findings (for --annotate). */
  onPage?: (page: { index: number; width: number; height: number; rgb: Buffer }, findings: Finding[]) => Promise<void>;
  /** Milliseconds allowed for opening the file and for each page (default DEFAULT_PAGE_TIME_LIMIT_MS). */
  timeLimitMs?: number;
}

/**
 * Is this received copy safe to keep? Reads the file's structure (metadata,
 * thumbnails, trailing data; a PDF's text, images under boxes, annotations,
 * revisions, attachments, scripts) and every page's pixels (the redaction
 * engine's detectors) and says what still leaks, where.
 */
export async function verifyFile(input: string, ocr: OcrService, options: VerifyOptions = {}): Promise<VerifyReport> {
  const started = performance.now();
  const report: VerifyReport = {
    file: input,
    verdict: 'error',
    findings: [],
    summary: '',
    pages: 0,
    timings: { totalMs: 0 },
  };
  try {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const limit = options.timeLimitMs ?? DEFAULT_PAGE_TIME_LIMIT_MS;
    const info = await stat(input).catch(() => undefined);
    if (info && info.size <= limits.maxFileBytes && info.isFile()) {
      const bytes = await readFile(input);
      // Reading a PDF's structure parses the whole file: under the time limit like opening it.
      if (bytes.subarray(0, 5).toString('latin1') === '%PDF-')
        report.findings.push(
          ...(await withinTimeLimit(pdfStructureFindings(input, bytes), limit, input, "reading the PDF's structure")),
        );
      else report.findings.push(...imageStructureFindings(bytes));
    }
    const doc = await withinTimeLimit(openDocument(input, options.limits), limit, input, 'opening the file', (late) =>
      late.close(),
    );
    try {
      report.pages = doc.pageCount;
      for (let index = 0; index < doc.pageCount; index++) {
        const { page, found } = await withinTimeLimit(
          (async () => {
            const page = await doc.readPage(index);
            return { page, found: pixelFindings(await analysePage(page, ocr)) };
          })(),
          limit,
          input,
          `page ${index + 1}`,
        );
        report.findings.push(...found);
        await options.onPage?.(
          page,
          report.findings.filter((f) => f.page === index),
        );
      }
    } finally {
      await doc.close();
    }
    report.verdict = verdictOf(report.findings);
    report.summary = summarise(report.findings);
  } catch (error) {
    const failed = failedVerifyReport(input, error);
    report.verdict = failed.verdict;
    report.error = failed.error;
    report.summary = failed.summary;
  }
  report.timings.totalMs = Math.round(performance.now() - started);
  return report;
}

/** The verdict on a file that could not be checked: the reason, and a line naming the file as its summary. */
export function failedVerifyReport(input: string, error: unknown): VerifyReport {
  const reason = error instanceof InputError ? error.reason : 'internal';
  const message = errorMessage(input, error);
  return {
    file: input,
    verdict: 'error',
    findings: [],
    summary: message,
    pages: 0,
    timings: { totalMs: 0 },
    error: { reason, message },
  };
}
