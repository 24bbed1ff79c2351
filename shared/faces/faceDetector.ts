import type { Box } from '../geometry.js';
import type { PageImage } from '../load/page.js';
import { faceThread } from './faceThread.js';

export { stopFaceDetector, warmUpFaceDetector } from './faceThread.js';

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
  // The source columns copy column c averages: from firstColumn[c] up to firstColumn[c + 1].
  const firstColumn = new Int32Array(width + 1);
  for (let x = 0, c = 0; x < page.width; x++) {
    for (const column = Math.min(width - 1, Math.floor(x / factor)); c <= column; c++) firstColumn[c] = x;
  }
  firstColumn[width] = page.width;
  const rgb = page.rgb;
  for (let y = 0; y < page.height; y++) {
    const row = Math.min(height - 1, Math.floor(y / factor)) * width * 3;
    // Each source row adds to its copy row one span of columns at a time (fewer writes than one per pixel).
    for (let c = 0, i = y * page.width * 3; c < width; c++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let end = y * page.width * 3 + firstColumn[c + 1]! * 3; i < end; i += 3) {
        r += rgb[i]!;
        g += rgb[i + 1]!;
        b += rgb[i + 2]!;
      }
      const o = row + c * 3;
      sums[o]! += r;
      sums[o + 1]! += g;
      sums[o + 2]! += b;
    }
  }
  // How many source columns (rows) each copy column (row) averages.
  const columnCounts = new Uint32Array(width);
  for (let c = 0; c < width; c++) columnCounts[c] = firstColumn[c + 1]! - firstColumn[c]!;
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
