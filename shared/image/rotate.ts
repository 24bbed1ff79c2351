import type { Point } from '../geometry.js';
import type { PageImage } from '../load/page.js';
import type { GrayImage } from './gray.js';

/** Quarter turns counter-clockwise: 0, 1 (90 degrees), 2 (180) or 3 (270). */
export type QuarterTurns = 0 | 1 | 2 | 3;

/** The page turned counter-clockwise by `turns` quarter turns (a new pixel buffer). */
export function rotatePage(page: PageImage, turns: QuarterTurns): PageImage {
  if (turns === 0) return page;
  const { width, height, data } = rotatePixels(page.rgb, page.width, page.height, 3, turns);
  return { ...page, width, height, rgb: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
}

/** A grey image turned counter-clockwise by `turns` quarter turns. */
export function rotateGray(image: GrayImage, turns: QuarterTurns): GrayImage {
  return turns === 0 ? image : rotatePixels(image.data, image.width, image.height, 1, turns);
}

/** Interleaved pixels of `channels` bytes turned counter-clockwise by `turns` quarter turns. */
function rotatePixels(
  pixels: Uint8Array,
  w: number,
  h: number,
  channels: number,
  turns: QuarterTurns,
): { width: number; height: number; data: Uint8Array } {
  const [nw, nh] = turns === 2 ? [w, h] : [h, w];
  const out = new Uint8Array(pixels.length);
  // Output (x, y) reads source (sx, sy) = start + x * stepX + y * stepY, in pixels.
  const [start, stepX, stepY] =
    turns === 1 ? [w - 1, w, -1] : turns === 2 ? [w * h - 1, -1, -w] : turns === 3 ? [(h - 1) * w, -w, 1] : [0, 1, w];
  for (let y = 0, j = 0; y < nh; y++) {
    let s = start + y * stepY;
    for (let x = 0; x < nw; x++, s += stepX) {
      for (let c = 0; c < channels; c++) out[j++] = pixels[s * channels + c]!;
    }
  }
  return { width: nw, height: nh, data: out };
}

/** Maps a point of the turned page back to the original page. */
export function unrotatePoint(p: Point, turns: QuarterTurns, original: { width: number; height: number }): Point {
  const { width: w, height: h } = original;
  if (turns === 1) return { x: w - p.y, y: p.x };
  if (turns === 2) return { x: w - p.x, y: h - p.y };
  if (turns === 3) return { x: p.y, y: h - p.x };
  return p;
}

/** Maps a point of the original page onto the page turned by `turns` (the inverse of unrotatePoint). */
export function rotatePoint(p: Point, turns: QuarterTurns, original: { width: number; height: number }): Point {
  const { width: w, height: h } = original;
  if (turns === 1) return { x: p.y, y: w - p.x };
  if (turns === 2) return { x: w - p.x, y: h - p.y };
  if (turns === 3) return { x: h - p.y, y: p.x };
  return p;
}

/** The quarter turns that make text running at `angle` degrees (clockwise from +x) upright. */
export function turnsToUpright(angle: number): QuarterTurns {
  const quarter = Math.round((((angle % 360) + 360) % 360) / 90) % 4;
  return quarter as QuarterTurns;
}
