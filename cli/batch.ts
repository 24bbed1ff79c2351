import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/export/atomic.js';
import { OcrService } from '../shared/ocr/service.js';
import { Progress } from './progress.js';

/**
 * Runs `work` on every file with `jobs` files in flight, one OCR service
 * shared by all, a progress bar on the terminal; results keep the files' order.
 */
export async function runBatch<R>(
  files: readonly string[],
  jobs: number,
  work: (file: string, ocr: OcrService, progress: Progress) => Promise<R>,
): Promise<R[]> {
  const workers = Math.min(jobs, files.length);
  const ocr = new OcrService({ workers });
  const progress = new Progress(files.length);
  const results: R[] = new Array(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      results[index] = await work(files[index]!, ocr, progress);
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
