import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Box } from '../geometry.js';
import type { PageImage } from '../load/page.js';
import { unpackedPath } from '../assets.js';

const require = createRequire(import.meta.url);

/** A face found on a page, page pixels. */
export interface FaceDetection {
  box: Box;
  score: number;
}

/**
 * Faces are looked for on a copy no larger than this (longest side): the model
 * pads its input to a square and resizes it to 512 x 512 anyway, so a larger
 * copy only costs time and WebAssembly memory (measured: 1280 px grew the heap
 * by ~200 MB).
 */
const DETECTION_MAX_SIDE = 512;

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
class FaceThread {
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

function faceThread(): FaceThread {
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

/**
 * The copy of a page the model looks at: no larger than DETECTION_MAX_SIDE,
 * reduced by an area average (each output pixel the mean of the source
 * pixels it covers) so that small faint faces survive the reduction. `factor`
 * is page pixels per copy pixel.
 */
export function detectionCopy(page: PageImage): { copy: PageImage; factor: number } {
  const factor = Math.max(1, Math.max(page.width, page.height) / DETECTION_MAX_SIDE);
  if (factor === 1) return { copy: page, factor };
  const width = Math.max(1, Math.floor(page.width / factor));
  const height = Math.max(1, Math.floor(page.height / factor));
  const sums = new Uint32Array(width * height * 3);
  const column = new Int32Array(page.width);
  for (let x = 0; x < page.width; x++) column[x] = Math.min(width - 1, Math.floor(x / factor)) * 3;
  const rgb = page.rgb;
  for (let y = 0, i = 0; y < page.height; y++) {
    const row = Math.min(height - 1, Math.floor(y / factor)) * width * 3;
    for (let x = 0; x < page.width; x++, i += 3) {
      const o = row + column[x]!;
      sums[o]! += rgb[i]!;
      sums[o + 1]! += rgb[i + 1]!;
      sums[o + 2]! += rgb[i + 2]!;
    }
  }
  // How many source columns (rows) each copy column (row) averages.
  const columnCounts = new Uint32Array(width);
  for (let x = 0; x < page.width; x++) columnCounts[column[x]! / 3]!++;
  const rowCounts = new Uint32Array(height);
  for (let y = 0; y < page.height; y++) rowCounts[Math.min(height - 1, Math.floor(y / factor))]!++;
  const out = Buffer.allocUnsafe(width * height * 3);
  for (let o = 0; o < width * height; o++) {
    const n = rowCounts[Math.floor(o / width)]! * columnCounts[o % width]! || 1;
    out[o * 3] = sums[o * 3]! / n;
    out[o * 3 + 1] = sums[o * 3 + 1]! / n;
    out[o * 3 + 2] = sums[o * 3 + 2]! / n;
  }
  return { copy: { index: page.index, width, height, rgb: out }, factor };
}

/**
 * Faces on a page, most confident first, boxes in page pixels. Pass a page
 * already reduced by `detectionCopy` (and its factor) to look at it several
 * ways without reducing it again.
 */
export async function detectFaces(page: PageImage, minConfidence = 0.3, reduced?: number): Promise<FaceDetection[]> {
  const { copy: small, factor } = reduced === undefined ? detectionCopy(page) : { copy: page, factor: reduced };
  const found = await faceThread().detect(small, minConfidence);
  return found
    .map((f) => ({
      score: f.score,
      box: { x: f.box.x * factor, y: f.box.y * factor, width: f.box.width * factor, height: f.box.height * factor },
    }))
    .sort((a, b) => b.score - a.score);
}
