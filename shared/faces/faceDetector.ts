import { createRequire } from 'node:module';
import path from 'node:path';
import type { Box } from '../geometry.js';
import type { PageImage } from '../load/page.js';
import { unpackedPath } from '../assets.js';

const require = createRequire(import.meta.url);

/** A face found on a page, page pixels. */
export interface FaceDetection {
  box: Box;
  score: number;
}

// The few parts of face-api and TensorFlow.js this module uses.
interface Tensor {
  dispose(): void;
}
interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): Tensor;
}
interface FaceApi {
  tf: Tf;
  nets: { ssdMobilenetv1: { loadFromDisk(folder: string): Promise<void> } };
  SsdMobilenetv1Options: new (options: { minConfidence: number; maxResults: number }) => unknown;
  detectAllFaces(input: Tensor, options: unknown): Promise<{ score: number; box: Box }[]>;
}

/**
 * Faces are looked for on a copy no larger than this (longest side): the model
 * pads its input to a square and resizes it to 512 x 512 anyway, so a larger
 * copy only costs time and WebAssembly memory (measured: 1280 px grew the heap
 * by ~200 MB).
 */
const DETECTION_MAX_SIDE = 512;

let loaded: Promise<FaceApi> | undefined;

/**
 * SSD MobileNet v1 from @vladmandic/face-api on TensorFlow.js's WebAssembly
 * backend: weights and wasm files are read from the installed npm packages;
 * nothing is fetched.
 */
function loadFaceApi(): Promise<FaceApi> {
  loaded ??= (async () => {
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as {
      setWasmPaths(prefix: string, usePlatformFetch?: boolean): void;
    };
    // `false`: let the wasm loader read the file from disk instead of fetch().
    wasm.setWasmPaths(unpackedPath(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))) + path.sep, false);
    await faceapi.tf.setBackend('wasm');
    await faceapi.tf.ready();
    const models = unpackedPath(path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'));
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
    return faceapi;
  })();
  return loaded;
}

/** Loads the model ahead of the first page (batch start-up); errors surface on first use instead. */
export function warmUpFaceDetector(): void {
  loadFaceApi().catch(() => undefined);
}

/**
 * Downscale of RGB pixels by an area average (each output pixel the mean of the
 * source pixels it covers), so that small faint faces survive the reduction.
 */
function shrink(page: PageImage, factor: number): { rgb: Uint8Array; width: number; height: number } {
  if (factor <= 1) return { rgb: page.rgb, width: page.width, height: page.height };
  const width = Math.max(1, Math.floor(page.width / factor));
  const height = Math.max(1, Math.floor(page.height / factor));
  const sums = new Float64Array(width * height * 3);
  const counts = new Uint32Array(width * height);
  const column = new Int32Array(page.width);
  for (let x = 0; x < page.width; x++) column[x] = Math.min(width - 1, Math.floor(x / factor));
  for (let y = 0; y < page.height; y++) {
    const row = Math.min(height - 1, Math.floor(y / factor)) * width;
    let i = y * page.width * 3;
    for (let x = 0; x < page.width; x++, i += 3) {
      const o = row + column[x]!;
      sums[o * 3] = sums[o * 3]! + page.rgb[i]!;
      sums[o * 3 + 1] = sums[o * 3 + 1]! + page.rgb[i + 1]!;
      sums[o * 3 + 2] = sums[o * 3 + 2]! + page.rgb[i + 2]!;
      counts[o]!++;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let o = 0; o < width * height; o++) {
    const n = counts[o]! || 1;
    rgb[o * 3] = sums[o * 3]! / n;
    rgb[o * 3 + 1] = sums[o * 3 + 1]! / n;
    rgb[o * 3 + 2] = sums[o * 3 + 2]! / n;
  }
  return { rgb, width, height };
}

/** Faces on a page, most confident first, boxes in page pixels. */
export async function detectFaces(page: PageImage, minConfidence = 0.3): Promise<FaceDetection[]> {
  const faceapi = await loadFaceApi();
  const factor = Math.max(1, Math.max(page.width, page.height) / DETECTION_MAX_SIDE);
  const small = shrink(page, factor);
  const tensor = faceapi.tf.tensor3d(
    small.rgb instanceof Uint8Array ? small.rgb : new Uint8Array(small.rgb),
    [small.height, small.width, 3],
    'int32',
  );
  try {
    const found = await faceapi.detectAllFaces(
      tensor,
      new faceapi.SsdMobilenetv1Options({ minConfidence, maxResults: 10 }),
    );
    return found
      .map((f) => ({
        score: f.score,
        box: { x: f.box.x * factor, y: f.box.y * factor, width: f.box.width * factor, height: f.box.height * factor },
      }))
      .sort((a, b) => b.score - a.score);
  } finally {
    tensor.dispose();
  }
}
