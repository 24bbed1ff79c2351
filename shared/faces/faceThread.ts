import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { unpackedPath } from '../assets.js';
import type { PageImage } from '../load/page.js';
import type { FaceDetection } from './faceDetector.js';

const require = createRequire(import.meta.url);

/** What the face thread is asked: find faces on one small RGB picture. */
interface DetectRequest {
  id: number;
  width: number;
  height: number;
  rgb: Uint8Array;
  minConfidence: number;
}
type DetectReply = { id: number; faces: FaceDetection[] } | { id: number; error: string };

/**
 * The face thread's program. SSD MobileNet v1 from @vladmandic/face-api on
 * TensorFlow.js's WebAssembly backend: weights and wasm files are read from the
 * installed npm packages; nothing is fetched. It runs in its own thread so that
 * loading the model (about 2 s, with long synchronous stretches) and each
 * detection (about 0.3 s) never hold up the main thread's image work. Plain
 * JavaScript, given to the Worker as source text: the same code then runs
 * from the TypeScript sources (tests), the compiled CLI and the packaged app.
 */
const FACE_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const faceapi = require(workerData.faceApiModule);
// false: the wasm loader reads the file from disk instead of calling fetch().
require(workerData.wasmBackendModule).setWasmPaths(workerData.wasmFolder, false);
const ready = (async () => {
  await faceapi.tf.setBackend('wasm');
  await faceapi.tf.ready();
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(workerData.modelFolder);
})();
ready.catch(() => undefined);
parentPort.on('message', async ({ id, width, height, rgb, minConfidence }) => {
  try {
    await ready;
    const tensor = faceapi.tf.tensor3d(rgb, [height, width, 3], 'int32');
    try {
      const found = await faceapi.detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options({ minConfidence, maxResults: 10 }));
      const faces = found.map((f) => ({ score: f.score, box: { x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height } }));
      parentPort.postMessage({ id, faces });
    } finally {
      tensor.dispose();
    }
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

/** The face thread and the detections it still owes. */
export class FaceThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(f: FaceDetection[]): void; reject(e: Error): void }>();
  private nextId = 0;
  /** False once the thread has stopped or failed: the next detection starts a new one. */
  alive = true;

  constructor() {
    const packageFolder = (name: string): string => path.dirname(require.resolve(`${name}/package.json`));
    this.worker = new Worker(FACE_THREAD_SOURCE, {
      eval: true,
      workerData: {
        faceApiModule: require.resolve('@vladmandic/face-api/dist/face-api.node-wasm.js'),
        wasmBackendModule: require.resolve('@tensorflow/tfjs-backend-wasm'),
        wasmFolder: unpackedPath(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))) + path.sep,
        modelFolder: unpackedPath(path.join(packageFolder('@vladmandic/face-api'), 'model')),
      },
    });
    // An idle face thread does not keep the process alive; one with work to do does.
    this.worker.unref();
    this.worker.on('message', (reply: DetectReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.settled(reply.id);
      if ('error' in reply) waiting.reject(new Error(`face detector: ${reply.error}`));
      else waiting.resolve(reply.faces);
    });
    const fail = (error: Error): void => {
      this.alive = false;
      for (const [id, waiting] of this.pending) {
        this.settled(id);
        waiting.reject(error);
      }
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`face detector thread stopped (exit code ${code})`)));
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  detect(image: PageImage, minConfidence: number): Promise<FaceDetection[]> {
    const id = this.nextId++;
    // A copy: the page's own buffer stays usable here (the picture is at most 512 px, ~0.8 MB).
    const request: DetectRequest = {
      id,
      width: image.width,
      height: image.height,
      rgb: new Uint8Array(image.rgb),
      minConfidence,
    };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(request, [request.rgb.buffer as ArrayBuffer]);
    });
  }

  terminate(): Promise<number> {
    this.alive = false;
    return this.worker.terminate();
  }
}

let thread: FaceThread | undefined;

/** The running face thread, started on first use (and again after it stopped). */
export function faceThread(): FaceThread {
  if (!thread?.alive) thread = new FaceThread();
  return thread;
}

/** Starts loading the model ahead of the first page (batch start-up), in its own thread. */
export function warmUpFaceDetector(): void {
  faceThread();
}

/** Stops the face thread (the next detection starts a new one). */
export async function stopFaceDetector(): Promise<void> {
  const running = thread;
  thread = undefined;
  await running?.terminate();
}
