import sharp from 'sharp';
import { checklistFor, type Checklist } from './checklist.js';
import { analysePage } from './detect/analyse.js';
import { InputError } from './errors.js';
import { writeFileAtomic } from './export/atomic.js';
import { encodeDocument, type ExportFormat, type RedactedPage } from './export/encode.js';
import { openDocument, type InputFormat, type LoadLimits } from './load/index.js';
import type { OcrService } from './ocr/service.js';
import { pageReport } from './pipeline.js';
import { renderRedactedPage } from './redact/render.js';
import type { Watermark } from './redact/watermark.js';
import type { Region } from './regions.js';
import type { PageReport } from './report.js';
import type { Finding } from './verify/findings.js';
import { selfCheck } from './verify/selfCheck.js';
import type { VerifyReport } from './verify/findings.js';
import { verifyReportPdf } from './verify/reportPdf.js';
import { verifyFile } from './verify/verify.js';

/**
 * The engine as the desktop app uses it: analyse a file for review (regions
 * plus a preview of each page), then export it with the regions the person
 * accepted or edited. Exports go through the same rendering as the CLI's.
 */

/** Previews are no larger than this (longest side): enough to review, small to pass around. */
const PREVIEW_MAX_SIDE = 1600;

export interface ReviewPage extends PageReport {
  /** A downscaled JPEG of the original page as a data: URL, held in memory only. */
  preview: string;
}

export interface ReviewDocument {
  file: string;
  format: InputFormat;
  pages: ReviewPage[];
  checklist: Checklist;
  warnings: string[];
}

export interface AnalyseProgress {
  /** 1-based page being analysed. */
  page: number;
  pages: number;
}

export interface AnalyseOptions {
  limits?: Partial<LoadLimits>;
  onProgress?: (progress: AnalyseProgress) => void;
  signal?: AbortSignal;
}

/** Thrown when analysis was cancelled through its AbortSignal. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export async function analyseForReview(
  input: string,
  ocr: OcrService,
  options: AnalyseOptions = {},
): Promise<ReviewDocument> {
  const doc = await openDocument(input, options.limits);
  try {
    const pages: ReviewPage[] = [];
    for (let index = 0; index < doc.pageCount; index++) {
      if (options.signal?.aborted) throw new CancelledError();
      options.onProgress?.({ page: index + 1, pages: doc.pageCount });
      const page = await doc.readPage(index);
      const analysis = await analysePage(page, ocr);
      pages.push({ ...pageReport(analysis), preview: await previewOf(page) });
    }
    if (options.signal?.aborted) throw new CancelledError();
    const warnings = pages.flatMap((p) => p.warnings);
    if (!pages.some((p) => p.regions.some((r) => r.kind === 'mrz')))
      warnings.push('no MRZ found: check by hand that this is not an ID page with a machine-readable zone');
    return { file: input, format: doc.format, pages, checklist: checklistFor(pages), warnings };
  } finally {
    await doc.close();
  }
}

export async function previewOf(page: { width: number; height: number; rgb: Buffer }): Promise<string> {
  const scale = Math.min(1, PREVIEW_MAX_SIDE / Math.max(page.width, page.height));
  const jpeg = await sharp(page.rgb, { raw: { width: page.width, height: page.height, channels: 3 } })
    .resize(Math.max(1, Math.round(page.width * scale)), Math.max(1, Math.round(page.height * scale)))
    .jpeg({ quality: 85 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

export interface ExportRequest {
  /** The original file, read again: its full-resolution pixels are covered. */
  input: string;
  /** Where to write; never the input. */
  output: string;
  format: ExportFormat;
  /** Every cover, page pixels, as reviewed (detected, moved, drawn). */
  regions: readonly Region[];
  watermark?: Watermark;
  limits?: Partial<LoadLimits>;
}

export interface ExportOutcome {
  output: string;
  /** What the verify pixel checks still see on the written copy (empty: nothing). */
  selfCheck: Finding[];
}

/** Writes the redacted copy, after checking its pixels as `verify` would. */
export async function exportReviewed(request: ExportRequest, ocr: OcrService): Promise<ExportOutcome> {
  const doc = await openDocument(request.input, request.limits);
  const pages: RedactedPage[] = [];
  const findings: Finding[] = [];
  try {
    for (let index = 0; index < doc.pageCount; index++) {
      const page = await doc.readPage(index);
      const copy = renderRedactedPage(
        page,
        request.regions.filter((r) => r.page === index),
        request.watermark,
      );
      // One file, by a person waiting for it: the thorough check, and the covers' opacity too.
      findings.push(...(await selfCheck(copy, index, ocr, 'thorough', request.regions)));
      pages.push(copy);
    }
  } finally {
    await doc.close();
  }
  if (request.format !== 'pdf' && pages.length > 1)
    throw new InputError(
      request.input,
      'unsupported',
      `${pages.length} pages do not fit in one ${request.format.toUpperCase()} file; export as PDF`,
    );
  await writeFileAtomic(
    request.output,
    await encodeDocument(pages, request.format, doc.format === 'jpeg'),
    request.input,
  );
  return { output: request.output, selfCheck: findings };
}

export interface VerifyPagePreview {
  page: number;
  width: number;
  height: number;
  preview: string;
}

/** `verify` for the app: the report plus a preview of every page to show the findings on. */
export async function verifyForReview(
  input: string,
  ocr: OcrService,
  options: { limits?: Partial<LoadLimits> } = {},
): Promise<{ report: VerifyReport; pages: VerifyPagePreview[] }> {
  const pages: VerifyPagePreview[] = [];
  const report = await verifyFile(input, ocr, {
    ...options,
    onPage: async (page) => {
      pages.push({ page: page.index, width: page.width, height: page.height, preview: await previewOf(page) });
    },
  });
  return { report, pages };
}

/** Writes a verify report for the DPO's records, as JSON or PDF. */
export async function saveVerifyReport(report: VerifyReport, output: string, format: 'json' | 'pdf'): Promise<string> {
  const bytes = format === 'json' ? Buffer.from(JSON.stringify(report, null, 2) + '\n') : await verifyReportPdf(report);
  await writeFileAtomic(output, bytes, report.file);
  return output;
}
