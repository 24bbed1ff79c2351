import { errorMessage } from '../shared/errors.js';
import type { OcrService } from '../shared/ocr/service.js';
import {
  analyseForReview,
  CancelledError,
  exportReviewed,
  saveVerifyReport,
  verifyForReview,
} from '../shared/review.js';
import type { EngineMessage, EngineRequest } from './ipc.js';

/**
 * The engine's side of the utility process: takes requests from the main
 * process, runs the shared engine (OCR, faces, sharp) off the UI's thread,
 * posts progress and results. No Electron import: tested in plain Node.
 */
export function createEngineHost(ocr: () => OcrService, post: (message: EngineMessage) => void) {
  let current: AbortController | undefined;
  return async function handle(request: EngineRequest): Promise<void> {
    switch (request.type) {
      case 'cancel':
        current?.abort();
        return;
      case 'analyse': {
        current?.abort();
        const controller = new AbortController();
        current = controller;
        try {
          const document = await analyseForReview(request.file, ocr(), {
            signal: controller.signal,
            onProgress: (progress) => post({ type: 'progress', id: request.id, progress }),
          });
          post({ type: 'analysed', id: request.id, result: { ok: true, document } });
        } catch (error) {
          const cancelled = error instanceof CancelledError;
          post({
            type: 'analysed',
            id: request.id,
            result: { ok: false, error: errorMessage(request.file, error), cancelled },
          });
        } finally {
          if (current === controller) current = undefined;
        }
        return;
      }
      case 'verify':
        try {
          post({
            type: 'verified',
            id: request.id,
            result: { ok: true, ...(await verifyForReview(request.file, ocr())) },
          });
        } catch (error) {
          post({ type: 'verified', id: request.id, result: { ok: false, error: errorMessage(request.file, error) } });
        }
        return;
      case 'saveReport':
        try {
          const output = await saveVerifyReport(request.report, request.output, request.format);
          post({ type: 'reportSaved', id: request.id, result: { ok: true, output } });
        } catch (error) {
          post({
            type: 'reportSaved',
            id: request.id,
            result: { ok: false, error: errorMessage(request.output, error) },
          });
        }
        return;
      case 'export':
        try {
          const { output, selfCheck } = await exportReviewed(request.request, ocr());
          post({ type: 'exported', id: request.id, result: { ok: true, output, selfCheck } });
        } catch (error) {
          post({
            type: 'exported',
            id: request.id,
            result: { ok: false, error: errorMessage(request.request.output, error) },
          });
        }
    }
  };
}
