import { utilityProcess, type UtilityProcess } from 'electron';
import { engineEnvironment } from '../shared/mallocSettings.js';
import path from 'node:path';
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

/**
 * The main process's handle on the engine's utility process: started with the
 * app (`start`) or on first use, again after it stopped; one request id per
 * call, progress forwarded to a listener.
 */
export class EngineClient {
  private child: UtilityProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (message: EngineMessage) => void>();

  constructor(
    private readonly entry: string,
    private readonly onProgress: (progress: AnalyseProgress) => void,
  ) {}

  analyse(file: string): Promise<AnalyseResult> {
    return this.request({ type: 'analyse', id: this.nextId++, file }).then((m) =>
      m.type === 'analysed' ? m.result : { ok: false, error: `${file}: the engine stopped` },
    );
  }

  exportCopy(request: ExportCopyRequest): Promise<ExportResult> {
    return this.request({ type: 'export', id: this.nextId++, request }).then((m) =>
      m.type === 'exported' ? m.result : { ok: false, error: `${request.output}: the engine stopped` },
    );
  }

  verify(file: string): Promise<VerifyResult> {
    return this.request({ type: 'verify', id: this.nextId++, file }).then((m) =>
      m.type === 'verified' ? m.result : { ok: false, error: `${file}: the engine stopped` },
    );
  }

  saveReport(report: VerifyReport, output: string, format: 'json' | 'pdf'): Promise<SaveReportResult> {
    return this.request({ type: 'saveReport', id: this.nextId++, report, output, format }).then((m) =>
      m.type === 'reportSaved' ? m.result : { ok: false, error: `${output}: the engine stopped` },
    );
  }

  cancel(): void {
    this.child?.postMessage({ type: 'cancel' } satisfies EngineRequest);
  }

  stop(): void {
    this.child?.kill();
    this.child = undefined;
  }

  /**
   * Starts the engine's process unless it runs: the app calls this at start-up,
   * so that its OCR workers and face model load while the user picks a file.
   */
  start(): UtilityProcess {
    if (this.child) return this.child;
    const child = utilityProcess.fork(this.entry, [], {
      serviceName: 'IDRedact engine',
      cwd: path.dirname(this.entry),
      env: engineEnvironment(),
    });
    child.on('message', (message: EngineMessage) => {
      if (message.type === 'progress') return this.onProgress(message.progress);
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message);
    });
    child.on('exit', () => {
      this.child = undefined;
      // Whatever was waiting gets an answer: the window never hangs on a crashed engine.
      for (const [id, resolve] of this.pending)
        resolve({ type: 'analysed', id, result: { ok: false, error: 'the engine stopped' } });
      this.pending.clear();
    });
    this.child = child;
    return child;
  }

  private request(request: Exclude<EngineRequest, { type: 'cancel' }>): Promise<EngineMessage> {
    const child = this.start();
    return new Promise((resolve) => {
      this.pending.set(request.id, resolve);
      child.postMessage(request);
    });
  }
}
