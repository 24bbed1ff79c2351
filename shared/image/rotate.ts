import type { Point } from '../geometry.js';
import type { PageImage } from '../load/page.js';

/** Quarter turns counter-clockwise: 0, 1 (90 degrees), 2 (180) or 3 (270). */
export type QuarterTurns = 0 | 1 | 2 | 3;

/** The page turned counter-clockwise by `turns` quarter turns (a new pixel buffer). */
export function rotatePage(page: PageImage, turns: QuarterTurns): PageImage {
  if (turns === 0) return page;
  const { width: w, height: h, rgb } = page;
  const [nw, nh] = turns === 2 ? [w, h] : [h, w];
  const out = Buffer.allocUnsafe(rgb.length);
  for (let y = 0; y < nh; y++) {
    for (let x = 0; x < nw; x++) {
      const [sx, sy] = turns === 1 ? [w - 1 - y, x] : turns === 2 ? [w - 1 - x, h - 1 - y] : [y, h - 1 - x];
      const i = (sy * w + sx) * 3;
      const j = (y * nw + x) * 3;
      out[j] = rgb[i]!;
      out[j + 1] = rgb[i + 1]!;
      out[j + 2] = rgb[i + 2]!;
    }
  }
  return { ...page, width: nw, height: nh, rgb: out };
}

/** Maps a point of the turned page back to the original page. */
export function unrotatePoint(p: Point, turns: QuarterTurns, original: { width: number; height: number }): Point {
  const { width: w, height: h } = original;
  if (turns === 1) return { x: w - p.y, y: p.x };
  if (turns === 2) return { x: w - p.x, y: h - p.y };
  if (turns === 3) return { x: p.y, y: h - p.x };
  return p;
}

/** The quarter turns that make text running at `angle` degrees (clockwise from +x) upright. */
export function turnsToUpright(angle: number): QuarterTurns {
  const quarter = Math.round((((angle % 360) + 360) % 360) / 90) % 4;
  return quarter as QuarterTurns;
}
