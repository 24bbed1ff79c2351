import { readFile } from 'node:fs/promises';

/**
 * A stuck or swollen engine, told apart from a busy one. The per-page time limit
 * (timeLimit.ts) stops waiting for a step that never ends, but JavaScript
 * that loops without ever yielding holds the engine's only thread: no timer,
 * no message, no cancel runs again. So the engine's process beats (a message
 * every second from its event loop) and whoever started it watches the beats
 * from another process; when they stop for longer than the stall limit, the
 * watcher ends the engine's process and starts a new one for what is left.
 * The watcher also reads the engine's memory and ends it past a limit.
 */

/** How often the engine's event loop says it is alive (milliseconds). */
export const HEARTBEAT_INTERVAL_MS = 1000;

/**
 * The shortest silence taken as a stall (milliseconds). The engine's longest
 * step that does not yield (the ink mask and glyphs of an 80-megapixel page,
 * pdf.js parsing a page) takes a few seconds on a slow machine; start-up is
 * not watched.
 */
export const MIN_STALL_LIMIT_MS = 10_000;

/**
 * The engine's memory allowed by default (MB): six times its measured peak on
 * a 100-image batch with --jobs 2 (about 600 MB), room for an 80-megapixel page.
 */
export const DEFAULT_MEMORY_LIMIT_MB = 4096;

/** The silence after which an engine working under `timeLimitMs` per page counts as stuck. */
export function stallLimitFor(timeLimitMs: number): number {
  return Math.max(timeLimitMs, MIN_STALL_LIMIT_MS);
}

/**
 * Calls `beat` every HEARTBEAT_INTERVAL_MS from this thread's event loop
 * until the returned function is called. The timer does not keep the
 * process alive.
 */
export function startHeartbeat(beat: () => void): () => void {
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The watcher's side: `onStall` runs once when no beat came for `limitMs`
 * while watching. Checked every HEARTBEAT_INTERVAL_MS, so a stall is seen
 * within a second of the limit.
 */
export class StallWatch {
  private lastBeat = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly limitMs: number,
    private readonly onStall: (silentMs: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts (or restarts) watching, counting from now. */
  start(): void {
    this.stop();
    this.lastBeat = this.now();
    this.timer = setInterval(() => {
      const silent = this.now() - this.lastBeat;
      if (silent <= this.limitMs) return;
      this.stop();
      this.onStall(silent);
    }, HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  beat(): void {
    this.lastBeat = this.now();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get watching(): boolean {
    return this.timer !== undefined;
  }
}

/**
 * Calls `onOver` (once) when the process's resident memory passes `limitMb`,
 * checked every HEARTBEAT_INTERVAL_MS from /proc (Linux; elsewhere nothing is
 * watched). Returns the function that stops watching.
 */
export function watchMemory(pid: number | undefined, limitMb: number, onOver: (usedMb: number) => void): () => void {
  if (pid === undefined || process.platform !== 'linux') return () => undefined;
  let over = false;
  const timer = setInterval(() => {
    readFile(`/proc/${pid}/status`, 'utf8').then(
      (status) => {
        const usedMb = Math.round(Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024);
        if (usedMb <= limitMb || over) return;
        over = true;
        clearInterval(timer);
        onOver(usedMb);
      },
      () => undefined, // the process has ended
    );
  }, HEARTBEAT_INTERVAL_MS);
  return () => clearInterval(timer);
}
