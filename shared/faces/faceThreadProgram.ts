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
 * The face thread's program: SSD MobileNet v1 (the face detector of
 * @vladmandic/face-api, weights from its npm package) on TensorFlow.js's
 * WebAssembly backend. Nothing is fetched: weights and wasm files are read
 * from the installed packages.
 *
 * face-api loads the weights; the forward pass is run here, layer by layer,
 * freeing each layer's input as soon as the next layer has been computed.
 * face-api's own forward pass keeps every intermediate tensor of the network
 * until the end of the pass (one tf.tidy around it), which grows the
 * WebAssembly heap by ~180 MB at the model's 512 x 512 input, memory a
 * WebAssembly heap never gives back (measured). Same network, same weights,
 * same results (test/faceThread.test.ts compares the two).
 *
 * This function is not called in this thread: its source text is handed to
 * `new Worker(..., { eval: true })` (see faceThread.ts), so it must stay
 * self-contained: no imports (types only), no reference to anything outside it.
 */
export function faceThreadProgram(require: NodeJS.Require): void {
  type Tf = typeof import('@tensorflow/tfjs');
  type Tensor4D = import('@tensorflow/tfjs').Tensor4D;
  type Tensor1D = import('@tensorflow/tfjs').Tensor1D;
  type Tensor = import('@tensorflow/tfjs').Tensor;
  type TensorContainer = import('@tensorflow/tfjs').TensorContainer;
  interface PointwiseConv {
    filters: Tensor4D;
    batch_norm_offset: Tensor1D;
  }
  interface DepthwiseConv {
    filters: Tensor4D;
    batch_norm_scale: Tensor1D;
    batch_norm_offset: Tensor1D;
    batch_norm_mean: Tensor1D;
    batch_norm_variance: Tensor1D;
  }
  interface Conv {
    filters: Tensor4D;
    bias: Tensor1D;
  }
  interface BoxPredictor {
    box_encoding_predictor: Conv;
    class_predictor: Conv;
  }
  /** face-api's parameter tree for SSD MobileNet v1 (names as it loads them). */
  interface SsdParams {
    mobilenetv1: { conv_0: PointwiseConv } & Record<
      string,
      { depthwise_conv: DepthwiseConv; pointwise_conv: PointwiseConv }
    >;
    prediction_layer: Record<string, PointwiseConv> & Record<string, BoxPredictor>;
    output_layer: { extra_dim: Tensor };
  }

  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const faceapi = require(workerData.faceApiModule) as {
    tf: Tf;
    nets: { ssdMobilenetv1: { loadFromDisk(folder: string): Promise<void>; params: SsdParams | undefined } };
  };
  // false: the wasm loader reads the file from disk instead of calling fetch().
  (require(workerData.wasmBackendModule) as { setWasmPaths(p: string, f: boolean): void }).setWasmPaths(
    workerData.wasmFolder,
    false,
  );
  const tf = faceapi.tf;
  const net = faceapi.nets.ssdMobilenetv1;

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
  // output and nothing else: face-api runs convolution, batch norm and clip as three operations.
  const pointwise =
    (p: PointwiseConv, stride: 1 | 2) =>
    (x: Tensor4D): Tensor4D =>
      tf.fused.conv2d({
        x,
        filter: p.filters,
        strides: stride,
        pad: 'same',
        bias: p.batch_norm_offset,
        activation: 'relu6',
      });
  /** A depthwise layer's batch norm folded into its filter and a bias: the same numbers, one operation. */
  const folded = new Map<DepthwiseConv, { filter: Tensor4D; bias: Tensor1D }>();
  const fold = (p: DepthwiseConv): { filter: Tensor4D; bias: Tensor1D } =>
    tf.tidy(() => {
      const scale = tf.mul(p.batch_norm_scale, tf.rsqrt(tf.add(p.batch_norm_variance, BATCH_NORM_EPSILON)));
      return {
        filter: tf.mul<Tensor4D>(p.filters, tf.reshape(scale, [1, 1, -1, 1])),
        bias: tf.sub<Tensor1D>(p.batch_norm_offset, tf.mul(p.batch_norm_mean, scale)),
      };
    });
  const depthwise = (p: DepthwiseConv, stride: 1 | 2) => {
    const { filter, bias } = folded.get(p)!;
    return (x: Tensor4D): Tensor4D =>
      tf.fused.depthwiseConv2d({ x, filter, strides: stride, pad: 'same', bias, activation: 'relu6' });
  };
  /** One feature map's predictions: 4 box offsets and 3 class logits per anchor, as rows. */
  const predict =
    (p: BoxPredictor) =>
    (x: Tensor4D): Tensor[] => [
      tf.reshape(
        tf.fused.conv2d({
          x,
          filter: p.box_encoding_predictor.filters,
          strides: 1,
          pad: 'same',
          bias: p.box_encoding_predictor.bias,
        }),
        [-1, 4],
      ),
      tf.reshape(
        tf.fused.conv2d({
          x,
          filter: p.class_predictor.filters,
          strides: 1,
          pad: 'same',
          bias: p.class_predictor.bias,
        }),
        [-1, 3],
      ),
    ];

  /**
   * The network's raw output for a picture: per anchor box, its 4 encoded
   * offsets and 3 class logits, anchors in the order of face-api's concat.
   */
  function forward(rgb: Uint8Array, width: number, height: number): { encodings: Float32Array; logits: Float32Array } {
    const params = net.params!;
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
    const mobilenet = params.mobilenetv1;
    const head = params.prediction_layer;
    x = next(x, pointwise(mobilenet.conv_0, 2));
    for (let layer = 1; layer <= 13; layer++) {
      const pair = mobilenet[`conv_${layer}`]!;
      x = next(x, depthwise(pair.depthwise_conv, [2, 4, 6, 12].includes(layer) ? 2 : 1));
      x = next(x, pointwise(pair.pointwise_conv, 1));
      // The first predictions come from the 11th layer's feature map.
      if (layer === 11) predictions[0] = next(x, predict(head.box_predictor_0 as BoxPredictor), true);
    }
    predictions[1] = next(x, predict(head.box_predictor_1 as BoxPredictor), true);
    // Four more feature maps, each half the size of the one before.
    for (let level = 0; level < 4; level++) {
      x = next(x, pointwise(head[`conv_${2 * level}`] as PointwiseConv, 1));
      x = next(x, pointwise(head[`conv_${2 * level + 1}`] as PointwiseConv, 2));
      predictions[level + 2] = next(x, predict(head[`box_predictor_${level + 2}`] as BoxPredictor), true);
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
    await net.loadFromDisk(workerData.modelFolder);
    // The folded depthwise weights are made once, with the model.
    for (let layer = 1; layer <= 13; layer++) {
      const p = net.params!.mobilenetv1[`conv_${layer}`]!.depthwise_conv;
      folded.set(p, fold(p));
    }
    anchors = net.params!.output_layer.extra_dim.dataSync() as Float32Array;
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
