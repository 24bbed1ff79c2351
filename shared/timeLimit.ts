import { InputError } from './errors.js';

/**
 * Opening a file, and then each of its pages, must finish within this
 * (milliseconds) unless told otherwise: far above what a real page takes
 * (seconds), low enough that one hostile file cannot stall a batch.
 */
export const DEFAULT_PAGE_TIME_LIMIT_MS = 120_000;

/**
 * Waits for `work` at most `ms` milliseconds. Past that, rejects with an
 * InputError (reason `time_limit`) naming the file and the step, so the
 * caller drops the file and moves on; the abandoned work's own outcome is
 * ignored (it can no longer write anything: the caller owns every write).
 */
export function withinTimeLimit<T>(
  work: Promise<T>,
  ms: number,
  file: string,
  step: string,
  /** Frees what abandoned work produces if it ever finishes (an opened document, say). */
  release?: (late: T) => unknown,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // A late result is released; a late failure is nobody's to report.
      work.then((late) => release?.(late)).catch(() => undefined);
      reject(
        new InputError(
          file,
          'time_limit',
          `${step} took longer than ${formatSeconds(ms)} (the time limit per page, --time-limit); stopped, nothing written`,
        ),
      );
    }, ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(s < 1 ? 3 : 1)} s`;
}
