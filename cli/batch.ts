import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/export/atomic.js';
import { warmUpFaceDetector } from '../shared/faces/faceDetector.js';
import { preloadPdfSupport } from '../shared/load/pdf.js';
import { OcrService } from '../shared/ocr/service.js';
import { Progress } from './progress.js';

/**
 * Runs `work` on every file with `jobs` files in flight, one OCR service
 * shared by all, a progress bar on the terminal; results keep the files' order.
 */
export async function runBatch<R>(
  files: readonly string[],
  jobs: number,
  work: (file: string, ocr: OcrService, progress: Progress, index: number) => Promise<R>,
): Promise<R[]> {
  const workers = Math.min(jobs, files.length);
  const ocr = new OcrService({ workers });
  // Workers and the face model start together while the first file is decoded.
  ocr.warmUp().catch(() => undefined);
  warmUpFaceDetector();
  if (files.some((file) => /\.pdf$/i.test(file))) preloadPdfSupport();
  const progress = new Progress(files.length);
  const results: R[] = new Array(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      results[index] = await work(files[index]!, ocr, progress, index);
      progress.tick();
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    progress.finish();
    await ocr.terminate();
  }
  return results;
}

/** Writes a JSON report atomically; false (with a message on stderr) when it cannot. */
export async function writeJsonReport(file: string, report: unknown): Promise<boolean> {
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFileAtomic(file, Buffer.from(JSON.stringify(report, null, 2) + '\n'));
    return true;
  } catch (error) {
    process.stderr.write(`idredact: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  }
}

/**
 * Creates `dir` if needed and makes sure files can be written in it, so that
 * an unusable output folder is one clear error before any work, not one per
 * file after minutes of it. Returns the message to show, or undefined.
 */
export async function prepareOutputFolder(dir: string): Promise<string | undefined> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'not writable' : 'cannot create it';
    return `idredact: ${dir}: output folder ${why} (${code})`;
  }
}

/** Peak resident memory of this process (main thread and workers), in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
