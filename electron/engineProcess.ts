// Entry point of the engine's utility process (started by engineClient.ts):
// the OCR, face model and image codecs work here, never on the window's thread.
import { OcrService } from '../shared/ocr/service.js';
import { createEngineHost } from './engineHost.js';
import type { EngineRequest } from './ipc.js';

interface ParentPort {
  on(event: 'message', listener: (event: { data: EngineRequest }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;
let ocr: OcrService | undefined;
const handle = createEngineHost(
  () => (ocr ??= new OcrService()),
  (message) => parentPort.postMessage(message),
);
parentPort.on('message', (event) => void handle(event.data));
