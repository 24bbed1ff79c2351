import type { FaceDetection } from './faceDetector.js';

/** What the face thread is asked: find faces on one small RGB picture (at most 512 px a side). */
export interface FaceThreadRequest {
  id: number;
  width: number;
  height: number;
  rgb: Uint8Array;
  minConfidence: number;
}
/** Its answer: faces in the picture's pixels, or why there are none. */
export type FaceThreadReply = { id: number; faces: FaceDetection[] } | { id: number; error: string };

/**
 * The face thread's program: SSD MobileNet v1, the face detector whose
 * weights ship in @vladmandic/face-api's npm package, on TensorFlow.js's
 * WebAssembly backend (tfjs-core only). Nothing is fetched: weights and wasm
 * files are read from the installed packages.
 *
 * The network is run here rather than by face-api, layer by layer, freeing
 * each layer's input as soon as the next layer has been computed: face-api's
 * forward pass keeps every intermediate tensor until the end of the pass (one
 * tf.tidy around it), which grew the WebAssembly heap by ~180 MB at the
 * model's 512 x 512 input, memory a WebAssembly heap never gives back; and
 * loading face-api with the whole of TensorFlow.js took 0.26 s against 0.07 s
 * for tfjs-core and the backend (measured). Same network, same weights, same
 * results: test/faceThread.test.ts compares the two.
 *
 * This function is not called in this thread: its source text is handed to
 * `new Worker(..., { eval: true })` (see faceThread.ts), so it must stay
 * self-contained: no imports (types only), no reference to anything outside it.
 */
export function faceThreadProgram(require: NodeJS.Require): void {
  type Tf = typeof import('@tensorflow/tfjs-core');
  type Tensor = import('@tensorflow/tfjs-core').Tensor;
  type Tensor4D = import('@tensorflow/tfjs-core').Tensor4D;
  type Tensor1D = import('@tensorflow/tfjs-core').Tensor1D;
  type TensorContainer = import('@tensorflow/tfjs-core').TensorContainer;
  type NamedTensorMap = import('@tensorflow/tfjs-core').NamedTensorMap;
  type WeightsManifest = import('@tensorflow/tfjs-core').io.WeightsManifestConfig;

  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const tf = require(workerData.tfjsCoreModule) as Tf;
  // The backend registers itself with tfjs-core. false: the wasm file is read from disk, not fetched.
  (require(workerData.wasmBackendModule) as { setWasmPaths(p: string, f: boolean): void }).setWasmPaths(
    workerData.wasmFolder,
    false,
  );

  /** The model's weights by their TensorFlow names ("MobilenetV1/Conv2d_1_depthwise/depthwise_weights", ...). */
  let weights: NamedTensorMap = {};
  const weight = <T extends Tensor>(name: string): T => {
    const found = weights[name];
    if (!found) throw new Error(`face model: no weight named ${name}`);
    return found as T;
  };

  /** The weights manifest and its data files, as face-api ships them (uint8-quantised, decoded to float32). */
  function loadWeights(folder: string): NamedTensorMap {
    const manifest = JSON.parse(
      readFileSync(join(folder, 'ssd_mobilenetv1_model-weights_manifest.json'), 'utf8'),
    ) as WeightsManifest;
    const loaded: NamedTensorMap = {};
    for (const group of manifest) {
      const bytes = Buffer.concat(group.paths.map((file) => readFileSync(join(folder, file))));
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
      Object.assign(loaded, tf.io.decodeWeights(buffer, group.weights));
    }
    return loaded;
  }

  /** The model's input: a square picture of this many pixels a side. */
  const INPUT_SIZE = 512;
  /** Detections overlapping a better one by more than this (intersection over union) are the same face. */
  const SAME_FACE_IOU = 0.5;
  const MAX_FACES = 10;
  const BATCH_NORM_EPSILON = 0.0010000000474974513;

  /** Runs `layer` on `x` and frees `x` (unless told to keep it for a later layer). */
  function next<T extends TensorContainer>(x: Tensor4D, layer: (x: Tensor4D) => T, keepInput = false): T {
    const out = tf.tidy(() => layer(x));
    if (!keepInput) x.dispose();
    return out;
  }
  // Each layer is one fused operation (convolution, bias, clip to 0..6), so that it allocates its
  // output and nothing else (face-api's forward pass runs them as three operations, each with an
  // output of its own).
  /** A pointwise layer (`MobilenetV1/Conv2d_0_pointwise`, `Prediction/Conv2d_3_pointwise`, ...). */
  const pointwise =
    (name: string, stride: 1 | 2) =>
    (x: Tensor4D): Tensor4D =>
      tf.fused.conv2d({
        x,
        filter: weight<Tensor4D>(`${name}/weights`),
        strides: stride,
        pad: 'same',
        bias: weight(`${name}/convolution_bn_offset`),
        activation: 'relu6',
      });
  /** Each depthwise layer's batch norm folded into its filter and a bias: the same numbers, one operation. */
  const folded = new Map<number, { filter: Tensor4D; bias: Tensor1D }>();
  const fold = (layer: number): { filter: Tensor4D; bias: Tensor1D } =>
    tf.tidy(() => {
      const name = `MobilenetV1/Conv2d_${layer}_depthwise`;
      const variance = weight(`${name}/BatchNorm/moving_variance`);
      const scale = tf.mul(weight(`${name}/BatchNorm/gamma`), tf.rsqrt(tf.add(variance, BATCH_NORM_EPSILON)));
      return {
        filter: tf.mul<Tensor4D>(weight(`${name}/depthwise_weights`), tf.reshape(scale, [1, 1, -1, 1])),
        bias: tf.sub<Tensor1D>(
          weight(`${name}/BatchNorm/beta`),
          tf.mul(weight(`${name}/BatchNorm/moving_mean`), scale),
        ),
      };
    });
  const depthwise = (layer: number, stride: 1 | 2) => {
    const { filter, bias } = folded.get(layer)!;
    return (x: Tensor4D): Tensor4D =>
      tf.fused.depthwiseConv2d({ x, filter, strides: stride, pad: 'same', bias, activation: 'relu6' });
  };
  /** One feature map's predictions (box predictor `index`): 4 box offsets and 3 class logits per anchor, as rows. */
  const predict = (index: number) => {
    const conv = (x: Tensor4D, part: string, columns: number): Tensor => {
      const name = `Prediction/BoxPredictor_${index}/${part}`;
      const out = tf.fused.conv2d({
        x,
        filter: weight<Tensor4D>(`${name}/weights`),
        strides: 1,
        pad: 'same',
        bias: weight(`${name}/biases`),
      });
      return tf.reshape(out, [-1, columns]);
    };
    return (x: Tensor4D): Tensor[] => [conv(x, 'BoxEncodingPredictor', 4), conv(x, 'ClassPredictor', 3)];
  };

  /**
   * The network's raw output for a picture: per anchor box, its 4 encoded
   * offsets and 3 class logits, anchors in the order of face-api's concat.
   */
  function forward(rgb: Uint8Array, width: number, height: number): { encodings: Float32Array; logits: Float32Array } {
    // As face-api prepares it: padded with black to a square (bottom or right), resized to the
    // input size, values mapped to -1..1.
    let x: Tensor4D = tf.tidy(() => {
      let image = tf.cast(tf.tensor4d(rgb, [1, height, width, 3], 'int32'), 'float32');
      const side = Math.max(width, height);
      if (width !== height) {
        const pad: [number, number][] = [
          [0, 0],
          [0, side - height],
          [0, side - width],
          [0, 0],
        ];
        image = tf.pad(image, pad);
      }
      if (side !== INPUT_SIZE)
        image = tf.image.resizeBilinear(image as Tensor4D, [INPUT_SIZE, INPUT_SIZE], false, false);
      return tf.sub(tf.div(image, 127.5), 1) as Tensor4D;
    });
    const predictions: Tensor[][] = [];
    x = next(x, pointwise('MobilenetV1/Conv2d_0_pointwise', 2));
    for (let layer = 1; layer <= 13; layer++) {
      x = next(x, depthwise(layer, [2, 4, 6, 12].includes(layer) ? 2 : 1));
      x = next(x, pointwise(`MobilenetV1/Conv2d_${layer}_pointwise`, 1));
      // The first predictions come from the 11th layer's feature map.
      if (layer === 11) predictions[0] = next(x, predict(0), true);
    }
    predictions[1] = next(x, predict(1), true);
    // Four more feature maps, each half the size of the one before.
    for (let level = 0; level < 4; level++) {
      x = next(x, pointwise(`Prediction/Conv2d_${2 * level}_pointwise`, 1));
      x = next(x, pointwise(`Prediction/Conv2d_${2 * level + 1}_pointwise`, 2));
      predictions[level + 2] = next(x, predict(level + 2), true);
    }
    x.dispose();
    const gather = (part: 0 | 1): Float32Array => {
      const joined = tf.concat(predictions.map((p) => p[part]!));
      const values = joined.dataSync() as Float32Array;
      joined.dispose();
      return values;
    };
    const encodings = gather(0);
    const logits = gather(1);
    for (const p of predictions) for (const t of p) t.dispose();
    return { encodings, logits };
  }

  /** The model's anchor boxes [top, left, bottom, right], 4 numbers each (read once the model is loaded). */
  let anchors: Float32Array = new Float32Array(0);

  /** Boxes [top, left, bottom, right] (fractions of the square input) and face scores of every anchor. */
  function decode(encodings: Float32Array, logits: Float32Array): { boxes: Float64Array; scores: Float64Array } {
    const count = encodings.length / 4;
    const boxes = new Float64Array(count * 4);
    const scores = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const [a0, a1, a2, a3] = [anchors[4 * i]!, anchors[4 * i + 1]!, anchors[4 * i + 2]!, anchors[4 * i + 3]!];
      const [e0, e1, e2, e3] = [encodings[4 * i]!, encodings[4 * i + 1]!, encodings[4 * i + 2]!, encodings[4 * i + 3]!];
      const [height, width] = [a2 - a0, a3 - a1];
      const centreY = a0 + height / 2 + (e0 / 10) * height;
      const centreX = a1 + width / 2 + (e1 / 10) * width;
      const halfHeight = (Math.exp(e2 / 5) * height) / 2;
      const halfWidth = (Math.exp(e3 / 5) * width) / 2;
      boxes.set([centreY - halfHeight, centreX - halfWidth, centreY + halfHeight, centreX + halfWidth], 4 * i);
      // Class 1 of the three is "face".
      scores[i] = 1 / (1 + Math.exp(-logits[3 * i + 1]!));
    }
    return { boxes, scores };
  }

  function overlap(boxes: Float64Array, i: number, j: number): number {
    const box = (k: number): number[] => {
      const [y0, x0, y1, x1] = [boxes[4 * k]!, boxes[4 * k + 1]!, boxes[4 * k + 2]!, boxes[4 * k + 3]!];
      return [Math.min(y0, y1), Math.min(x0, x1), Math.max(y0, y1), Math.max(x0, x1)];
    };
    const [a, b] = [box(i), box(j)];
    const areaA = (a[2]! - a[0]!) * (a[3]! - a[1]!);
    const areaB = (b[2]! - b[0]!) * (b[3]! - b[1]!);
    if (areaA <= 0 || areaB <= 0) return 0;
    const common =
      Math.max(0, Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!)) *
      Math.max(0, Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!));
    return common / (areaA + areaB - common);
  }

  /** Anchors scoring above `minConfidence`, best first, none overlapping a better one (greedy non-maximum suppression). */
  function bestDistinct(boxes: Float64Array, scores: Float64Array, minConfidence: number): number[] {
    const candidates: number[] = [];
    for (let i = 0; i < scores.length; i++) if (scores[i]! > minConfidence) candidates.push(i);
    candidates.sort((a, b) => scores[b]! - scores[a]!);
    const kept: number[] = [];
    for (const i of candidates) {
      if (kept.length >= MAX_FACES) break;
      if (kept.every((j) => overlap(boxes, i, j) <= SAME_FACE_IOU)) kept.push(i);
    }
    return kept;
  }

  /** Faces on an RGB picture, boxes in its pixels. */
  function detect({ rgb, width, height, minConfidence }: FaceThreadRequest): FaceDetection[] {
    const { encodings, logits } = forward(rgb, width, height);
    const { boxes, scores } = decode(encodings, logits);
    // Fractions of the padded square -> pixels of the picture.
    const side = Math.max(width, height);
    const scaleX = INPUT_SIZE / Math.round((width * INPUT_SIZE) / side);
    const scaleY = INPUT_SIZE / Math.round((height * INPUT_SIZE) / side);
    return bestDistinct(boxes, scores, minConfidence).map((i) => {
      const top = Math.max(0, boxes[4 * i]!) * scaleY;
      const left = Math.max(0, boxes[4 * i + 1]!) * scaleX;
      const bottom = Math.min(1, boxes[4 * i + 2]!) * scaleY;
      const right = Math.min(1, boxes[4 * i + 3]!) * scaleX;
      return {
        score: scores[i]!,
        box: { x: left * width, y: top * height, width: (right - left) * width, height: (bottom - top) * height },
      };
    });
  }

  const ready = (async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    weights = loadWeights(workerData.modelFolder);
    // The folded depthwise weights are made once, with the model.
    for (let layer = 1; layer <= 13; layer++) folded.set(layer, fold(layer));
    anchors = weight('Output/extra_dim').dataSync() as Float32Array;
  })();
  ready.catch(() => undefined);
  parentPort!.on('message', async (request: FaceThreadRequest) => {
    try {
      await ready;
      const reply: FaceThreadReply = { id: request.id, faces: detect(request) };
      parentPort!.postMessage(reply);
    } catch (error) {
      const reply: FaceThreadReply = { id: request.id, error: String((error as Error | undefined)?.message ?? error) };
      parentPort!.postMessage(reply);
    }
  });
}
