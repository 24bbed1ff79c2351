import { DEFAULT_MEMORY_LIMIT_MB, StallWatch, watchMemory } from '../shared/engineWatch.js';
import type { AnalyseProgress } from '../shared/review.js';
import type {
  AnalyseResult,
  EngineMessage,
  EngineRequest,
  ExportCopyRequest,
  ExportResult,
  SaveReportResult,
  VerifyResult,
} from './ipc.js';
import type { VerifyReport } from '../shared/verify/findings.js';

/** The engine's process as the client uses it: Electron's UtilityProcess (a Node child in tests). */
export interface EngineProcess {
  /** Undefined until the process runs, and on platforms where it is not known. */
  readonly pid?: number | undefined;
  postMessage(message: EngineRequest): void;
  kill(): boolean;
  on(event: 'message', listener: (message: EngineMessage) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/**
 * How long the engine may give no sign of life while it works on a request
 * before it counts as stuck (milliseconds): its longest step that does not
 * yield takes a few seconds on a slow machine.
 */
export const ENGINE_STALL_LIMIT_MS = 30_000;

/**
 * How long an engine asked to cancel has to show it is alive (a heartbeat or
 * any message) before it is ended (milliseconds): it beats every second, so
 * only one stuck in a step that never yields misses it.
 */
export const CANCEL_ANSWER_MS = 3000;

/** Why a request got no answer from the engine. */
interface EngineStopped {
  type: 'stopped';
  why: string;
  /** The engine was ended because it could not take a cancel: the request counts as cancelled. */
  cancelled?: boolean;
}

/**
 * The main process's handle on the engine's utility process: started with the
 * app (`start`) or on first use, again after it stopped; one request id per
 * call, progress forwarded to a listener. While a request waits, the engine's
 * heartbeat (shared/engineWatch.ts) is watched, and its memory always: an
 * engine stuck in a step that never yields or swollen past the limit is
 * ended, its requests answered with an error, and the next request starts a
 * new one.
 */
export class EngineClient {
  private child: EngineProcess | undefined;
  private watch: StallWatch | undefined;
  /** Ends the running engine, saying why (set with it by `start`). */
  private stopEngine: ((why: string, cancelled?: boolean) => void) | undefined;
  /** Messages heard from the running engine, heartbeats included. */
  private heard = 0;
  private nextId = 1;
  private readonly pending = new Map<number, (message: EngineMessage | EngineStopped) => void>();

  constructor(
    private readonly startProcess: () => EngineProcess,
    private readonly onProgress: (progress: AnalyseProgress) => void,
    private readonly limits: { stallLimitMs: number; memoryLimitMb: number } = {
      stallLimitMs: ENGINE_STALL_LIMIT_MS,
      memoryLimitMb: DEFAULT_MEMORY_LIMIT_MB,
    },
  ) {}

  analyse(file: string): Promise<AnalyseResult> {
    return this.request({ type: 'analyse', id: this.nextId++, file }).then((m) =>
      m.type === 'analysed'
        ? m.result
        : {
            ok: false,
            error: `${file}: ${stoppedWhy(m)}`,
            ...(m.type === 'stopped' && m.cancelled ? { cancelled: true } : {}),
          },
    );
  }

  exportCopy(request: ExportCopyRequest): Promise<ExportResult> {
    return this.request({ type: 'export', id: this.nextId++, request }).then((m) =>
      m.type === 'exported' ? m.result : { ok: false, error: `${request.output}: ${stoppedWhy(m)}` },
    );
  }

  verify(file: string): Promise<VerifyResult> {
    return this.request({ type: 'verify', id: this.nextId++, file }).then((m) =>
      m.type === 'verified' ? m.result : { ok: false, error: `${file}: ${stoppedWhy(m)}` },
    );
  }

  saveReport(report: VerifyReport, output: string, format: 'json' | 'pdf'): Promise<SaveReportResult> {
    return this.request({ type: 'saveReport', id: this.nextId++, report, output, format }).then((m) =>
      m.type === 'reportSaved' ? m.result : { ok: false, error: `${output}: ${stoppedWhy(m)}` },
    );
  }

  /**
   * Asks the engine to stop what it works on. An engine that shows no sign of
   * life within CANCEL_ANSWER_MS cannot take the cancel (its thread is stuck):
   * it is ended, and its requests answered as cancelled.
   */
  cancel(): void {
    const child = this.child;
    if (!child) return;
    child.postMessage({ type: 'cancel' });
    if (this.pending.size === 0) return;
    const heardBefore = this.heard;
    setTimeout(() => {
      if (this.child === child && this.heard === heardBefore && this.pending.size > 0)
        this.stopEngine?.(
          `the engine did not answer the cancel within ${CANCEL_ANSWER_MS / 1000} s and was stopped`,
          true,
        );
    }, CANCEL_ANSWER_MS).unref();
  }

  stop(): void {
    this.watch?.stop();
    this.child?.kill();
    this.child = undefined;
  }

  /**
   * Starts the engine's process unless it runs: the app calls this at start-up,
   * so that its OCR workers and face model load while the user picks a file.
   */
  start(): EngineProcess {
    if (this.child) return this.child;
    const child = this.startProcess();
    // Set when a watch ends the process: what the waiting requests are told.
    let stoppedBecause: { why: string; cancelled: boolean } | undefined;
    const stop = (why: string, cancelled = false): void => {
      stoppedBecause ??= { why, cancelled };
      child.kill();
    };
    const watch = new StallWatch(this.limits.stallLimitMs, (silentMs) =>
      stop(`the engine gave no sign of life for ${Math.round(silentMs / 1000)} s and was stopped`),
    );
    const stopWatchingMemory = watchMemory(child.pid, this.limits.memoryLimitMb, (usedMb) =>
      stop(`the engine used ${usedMb} MB, over its memory limit of ${this.limits.memoryLimitMb} MB, and was stopped`),
    );
    child.on('message', (message: EngineMessage) => {
      this.heard++;
      watch.beat();
      if (message.type === 'alive') return;
      if (message.type === 'progress') return this.onProgress(message.progress);
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (this.pending.size === 0) watch.stop();
      resolve?.(message);
    });
    child.on('exit', (code) => {
      watch.stop();
      stopWatchingMemory();
      if (this.child === child) this.child = undefined;
      // Whatever was waiting gets an answer: the window never hangs on a stuck, swollen or crashed engine.
      const why = stoppedBecause
        ? `${stoppedBecause.why}; nothing was written, it starts again with the next file`
        : `the engine stopped (exit code ${code}); it starts again with the next file`;
      const cancelled = stoppedBecause?.cancelled ?? false;
      for (const resolve of this.pending.values()) resolve({ type: 'stopped', why, cancelled });
      this.pending.clear();
    });
    this.child = child;
    this.watch = watch;
    this.stopEngine = stop;
    return child;
  }

  private request(request: Exclude<EngineRequest, { type: 'cancel' }>): Promise<EngineMessage | EngineStopped> {
    const child = this.start();
    if (!this.watch?.watching) this.watch?.start();
    return new Promise((resolve) => {
      this.pending.set(request.id, resolve);
      child.postMessage(request);
    });
  }
}

function stoppedWhy(message: EngineMessage | EngineStopped): string {
  return message.type === 'stopped' ? message.why : `unexpected answer from the engine (${message.type})`;
}
