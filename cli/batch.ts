import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../shared/export/atomic.js';
import { warmUpFaceDetector } from '../shared/faces/faceDetector.js';
import { preloadPdfSupport } from '../shared/load/pdf.js';
import { InputError } from '../shared/errors.js';
import { stallLimitFor } from '../shared/engineWatch.js';
import { OcrService } from '../shared/ocr/service.js';
import { Progress } from './progress.js';
import { connectToSupervisor, type OutputTarget, type StoppedFile } from './supervision.js';

/** A batch's results in the files' order, when it began and its peak memory (all engine processes it took). */
export interface BatchOutcome<R> {
  results: R[];
  /** ISO 8601. */
  startedAt: string;
  peakRssMb: number;
}

/** How a batch works on its files; R is one file's result (its report). */
export interface BatchPlan<R> {
  /** Files in flight at once. */
  jobs: number;
  /** The per-page time limit: an engine silent for longer (at least MIN_STALL_LIMIT_MS) is stuck. */
  timeLimitMs: number;
  /** The engine's memory allowed while it works (MB): past it, its launcher stops it and fails the file. */
  memoryLimitMb: number;
  work: (file: string, ocr: OcrService, progress: Progress, index: number) => Promise<R>;
  /** Prints a file's line above the progress bar (once: not again for results taken over from an earlier process). */
  print: (result: R, progress: Progress) => void;
  /** The result of a file that stopped an earlier engine process (it hung or crashed it). */
  failed: (file: string, error: InputError) => R;
  /** Where the file's copies go: their temporary files are removed if the engine stops on it. */
  outputs?: (file: string, index: number) => OutputTarget[];
}

/**
 * Runs `plan.work` on every file with `plan.jobs` files in flight, one OCR
 * service shared by all, a progress bar on the terminal; results keep the
 * files' order. Under the `idredact` launcher, it resumes what an earlier
 * engine process left (see supervision.ts): finished results are kept, the
 * file that stopped it is reported failed, suspects are run alone first.
 */
export async function runBatch<R>(files: readonly string[], plan: BatchPlan<R>): Promise<BatchOutcome<R>> {
  const now = new Date().toISOString();
  const link = await connectToSupervisor({
    stallLimitMs: stallLimitFor(plan.timeLimitMs),
    memoryLimitMb: plan.memoryLimitMb,
    files,
    startedAt: now,
  });
  const resume = link?.resume ?? { finished: [], stopped: [], isolate: [] };
  const results: R[] = new Array(files.length);
  const outcome = (): BatchOutcome<R> => ({
    results,
    startedAt: resume.startedAt ?? now,
    peakRssMb: Math.max(resume.peakRssMb ?? 0, peakRssMb()),
  });
  const done = new Set<number>();
  for (const [index, result] of resume.finished) {
    results[index] = result as R;
    done.add(index);
  }
  const progress = new Progress(files.length, done.size);
  const record = (index: number, result: R): void => {
    results[index] = result;
    done.add(index);
    link?.finished(index, result, peakRssMb());
    plan.print(result, progress);
    progress.tick();
  };
  for (const stopped of resume.stopped) {
    if (done.has(stopped.index)) continue;
    const file = files[stopped.index]!;
    record(stopped.index, plan.failed(file, stoppedFileError(file, stopped)));
  }
  const isolate = resume.isolate.filter((index) => !done.has(index));
  const queue = files.map((_, index) => index).filter((index) => !done.has(index) && !isolate.includes(index));
  if (isolate.length + queue.length === 0) {
    link?.close();
    progress.finish();
    return outcome();
  }
  const ocr = new OcrService({ workers: Math.max(1, Math.min(plan.jobs, queue.length)) });
  // Workers and the face model start together while the first file is decoded.
  ocr.warmUp().catch(() => undefined);
  warmUpFaceDetector();
  if (files.some((file) => /\.pdf$/i.test(file))) preloadPdfSupport();
  const runOne = async (index: number): Promise<void> => {
    const file = files[index]!;
    link?.started(index, plan.outputs?.(file, index) ?? []);
    record(index, await plan.work(file, ocr, progress, index));
  };
  try {
    // Each suspect alone, so that if one stops the engine again, it is the only one in flight.
    for (const index of isolate) await runOne(index);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < queue.length) await runOne(queue[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(plan.jobs, queue.length) }, worker));
  } finally {
    progress.finish();
    link?.close();
    await ocr.terminate();
  }
  return outcome();
}

/** The error reported for a file that stopped an engine process. */
function stoppedFileError(file: string, stopped: StoppedFile): InputError {
  const what = {
    time_limit: `the engine ${stopped.detail} while working on this file (no step may run longer than the time limit per page, --time-limit)`,
    too_large: `the engine ${stopped.detail} while working on this file`,
    engine_crashed: `the engine's process ${stopped.detail} while working on this file`,
  }[stopped.reason];
  return new InputError(
    file,
    stopped.reason,
    `${what}; it was stopped and restarted for the other files, nothing written`,
  );
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
