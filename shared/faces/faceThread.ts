import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { unpackedPath } from '../assets.js';
import type { PageImage } from '../load/page.js';
import type { FaceDetection } from './faceDetector.js';
import { faceThreadProgram, type FaceThreadReply, type FaceThreadRequest } from './faceThreadProgram.js';

const require = createRequire(import.meta.url);

/**
 * The face thread's program as source text for `new Worker(..., { eval: true })`:
 * the same code then runs from the TypeScript sources (tests), the compiled CLI
 * and the packaged app (where it sits inside an asar archive a worker could not
 * load a file from). `__name` is declared because tsx (bench and scratch scripts)
 * wraps functions in calls to a `__name` helper of the module it compiled.
 */
const FACE_THREAD_SOURCE = `const __name = (target) => target;\n(${faceThreadProgram.toString()})(require);`;

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
        tfjsCoreModule: require.resolve('@tensorflow/tfjs-core'),
        wasmBackendModule: require.resolve('@tensorflow/tfjs-backend-wasm'),
        wasmFolder: unpackedPath(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))) + path.sep,
        modelFolder: unpackedPath(path.join(packageFolder('@vladmandic/face-api'), 'model')),
      },
    });
    // An idle face thread does not keep the process alive; one with work to do does.
    this.worker.unref();
    // Again once it runs: measured (Node 20), an unref() while the thread is still starting does
    // not hold, and a batch that never asked for a face (every page stopped by the time limit)
    // then never exited.
    this.worker.on('online', () => {
      if (this.pending.size === 0) this.worker.unref();
    });
    this.worker.on('message', (reply: FaceThreadReply) => {
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
    const request: FaceThreadRequest = {
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
