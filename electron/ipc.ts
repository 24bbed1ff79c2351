import type { ExportFormat } from '../shared/export/encode.js';
import type { Watermark } from '../shared/redact/watermarkText.js';
import type { Region } from '../shared/regions.js';
import type { AnalyseProgress, ReviewDocument, VerifyPagePreview } from '../shared/review.js';
import type { Finding, VerifyReport } from '../shared/verify/findings.js';

/** The one typed list of IPC channels between the window and the main process. */
export const IPC = {
  /** invoke: show the open dialog -> path or undefined. */
  chooseFile: 'idredact:choose-file',
  /** invoke(file): analyse in the engine process -> AnalyseResult. */
  analyse: 'idredact:analyse',
  /** invoke: stop the analysis under way. */
  cancel: 'idredact:cancel',
  /** main -> window: AnalyseProgress of the analysis under way. */
  progress: 'idredact:progress',
  /** main -> window: a file to open (menu, command line, second launch). */
  openRequest: 'idredact:open-request',
  /** invoke(suggestedPath, format): show the save dialog -> path or undefined. */
  chooseSaveTarget: 'idredact:choose-save-target',
  /** invoke(ExportCopyRequest): write the redacted copy -> ExportResult. */
  exportCopy: 'idredact:export-copy',
  /** invoke(file): check a received copy in the engine process -> VerifyResult. */
  verify: 'idredact:verify',
  /** invoke(report, output, format): write a verify report (JSON or PDF) -> ExportResult-like answer. */
  saveReport: 'idredact:save-report',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];

export type AnalyseResult = { ok: true; document: ReviewDocument } | { ok: false; error: string; cancelled?: boolean };
/** `selfCheck`: what the verify pixel checks still see on the written copy (empty: nothing). */
export type ExportResult = { ok: true; output: string; selfCheck: Finding[] } | { ok: false; error: string };

export interface ExportCopyRequest {
  input: string;
  output: string;
  format: ExportFormat;
  regions: Region[];
  watermark?: Watermark;
}

export type VerifyResult =
  { ok: true; report: VerifyReport; pages: VerifyPagePreview[] } | { ok: false; error: string };
export type SaveReportResult = { ok: true; output: string } | { ok: false; error: string };

/**
 * Everything the window may ask of the machine: `window.idredact`, exposed by
 * the preload script and, in browser tests, by Playwright functions calling
 * the same engine. The renderer uses nothing else.
 */
export interface IdRedactBridge {
  /** Asks for a file to open; undefined when the dialog was cancelled. */
  chooseFile(): Promise<string | undefined>;
  analyse(file: string): Promise<AnalyseResult>;
  /** Stops the analysis under way. */
  cancel(): Promise<void>;
  /** Progress of the analysis under way; returns a function that unsubscribes. */
  onProgress(listener: (progress: AnalyseProgress) => void): () => void;
  /** Files to open from the menu, the command line or a second launch. */
  onOpenRequest(listener: (file: string) => void): () => void;
  /** The path of a file dropped on the window. */
  pathForFile(file: File): string;
  /** Asks where to save, suggesting a path; undefined when cancelled. */
  chooseSaveTarget(suggestedPath: string, format: ExportFormat | 'json'): Promise<string | undefined>;
  exportCopy(request: ExportCopyRequest): Promise<ExportResult>;
  /** Checks a received copy: what still leaks, where. */
  verify(file: string): Promise<VerifyResult>;
  /** Asks where to save, then writes the verify report as JSON or PDF. */
  saveReport(report: VerifyReport, output: string, format: 'json' | 'pdf'): Promise<SaveReportResult>;
}

/** Messages between the main process and the engine's utility process. */
export type EngineRequest =
  | { type: 'analyse'; id: number; file: string }
  | { type: 'export'; id: number; request: ExportCopyRequest }
  | { type: 'verify'; id: number; file: string }
  | { type: 'saveReport'; id: number; report: VerifyReport; output: string; format: 'json' | 'pdf' }
  | { type: 'cancel' };

export type EngineMessage =
  /** The engine's event loop is running (every HEARTBEAT_INTERVAL_MS, see shared/engineWatch.ts). */
  | { type: 'alive' }
  | { type: 'progress'; id: number; progress: AnalyseProgress }
  | { type: 'analysed'; id: number; result: AnalyseResult }
  | { type: 'exported'; id: number; result: ExportResult }
  | { type: 'verified'; id: number; result: VerifyResult }
  | { type: 'reportSaved'; id: number; result: SaveReportResult };
