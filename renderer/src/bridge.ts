import type { ExportFormat } from '../../shared/export/encode.js';
import type { IdRedactBridge } from '../../electron/ipc.js';

export type { AnalyseResult, ExportCopyRequest, ExportResult, IdRedactBridge } from '../../electron/ipc.js';
export type { ExportFormat } from '../../shared/export/encode.js';
export type { Watermark } from '../../shared/redact/watermarkText.js';
export type { Region } from '../../shared/regions.js';
export type { AnalyseProgress, ReviewDocument } from '../../shared/review.js';

declare global {
  interface Window {
    idredact?: IdRedactBridge;
  }
}

/** `name.ext` -> `name.redacted.<format ext>` in the same folder. */
export function suggestedOutput(input: string, format: ExportFormat): string {
  const ext = format === 'jpeg' ? '.jpg' : `.${format}`;
  const cut = input.search(/\.[^./\\]*$/);
  return `${cut > 0 ? input.slice(0, cut) : input}.redacted${ext}`;
}
