// Entry point of the engine's utility process (started by engineClient.ts):
// the OCR, face model and image codecs work here, never on the window's thread.
import { warmUpFaceDetector } from '../shared/faces/faceDetector.js';
import { startHeartbeat } from '../shared/engineWatch.js';
import { hideLeptonicaNoise } from '../shared/ocr/leptonicaNoise.js';
import { OcrService } from '../shared/ocr/service.js';
import { createEngineHost } from './engineHost.js';
import type { EngineMessage, EngineRequest } from './ipc.js';

interface ParentPort {
  on(event: 'message', listener: (event: { data: EngineRequest }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;
// Tells the main process this thread is not stuck (it ends this process if the beats stop during a request).
startHeartbeat(() => parentPort.postMessage({ type: 'alive' } satisfies EngineMessage));
// The OCR workers and the face model start at once (the app starts this process with its window),
// so that the first file opened does not wait for them: measured in Node on the bundled passport
// sample, its analysis took 2.1 s in a fresh engine and 1.3 s in one started 4 s before.
hideLeptonicaNoise();
const ocr = new OcrService();
ocr.warmUp().catch(() => undefined); // a failure shows again, with its reason, at the first analysis
warmUpFaceDetector();
const handle = createEngineHost(
  () => ocr,
  (message) => parentPort.postMessage(message),
);
parentPort.on('message', (event) => void handle(event.data));
