import type { Box } from '../geometry.js';
import { connectedComponents, type Component } from '../image/components.js';
import { adaptiveInkMask, type GrayImage } from '../image/gray.js';

/**
 * How far the printed photo may reach beyond the face box the detector
 * returns, in face widths and heights, where no border is found (the largest
 * seen on the specimen passports), and how far a border is looked for.
 */
export const PHOTO_FROM_FACE = { side: 1.3, top: 0.65, bottom: 1.1 };
const SEARCH = { sideFrom: 0.7, sideTo: 1.6, topFrom: 0.15, topTo: 0.9, bottomFrom: 0.4, bottomTo: 1.5 };

/**
 * The photo rectangle around an upright face. Each side is put on the
 * photo's border where one shows as a straight edge running the photo's
 * length (a column or row whose mean gradient stands out); where none does,
 * the generous default reach is used, erring on covering, except that the
 * sides stop short of text lines printed beside the photo.
 */
export function photoAroundFace(gray: GrayImage, face: Box): Box {
  const { x, y, width: w, height: h } = face;
  const cx = x + w / 2;
  const rowsFrom = Math.round(y);
  const rowsTo = Math.round(y + h * 1.4);
  const colsFrom = Math.round(cx - w * 0.9);
  const colsTo = Math.round(cx + w * 0.9);
  const left =
    findEdge(gray, 'vertical', cx - w * SEARCH.sideFrom, cx - w * SEARCH.sideTo, rowsFrom, rowsTo) ??
    cx - w * PHOTO_FROM_FACE.side;
  const right =
    findEdge(gray, 'vertical', cx + w * SEARCH.sideFrom, cx + w * SEARCH.sideTo, rowsFrom, rowsTo) ??
    cx + w * PHOTO_FROM_FACE.side;
  const top =
    findEdge(gray, 'horizontal', y - h * SEARCH.topFrom, y - h * SEARCH.topTo, colsFrom, colsTo) ??
    y - h * PHOTO_FROM_FACE.top;
  const bottom =
    findEdge(gray, 'horizontal', y + h + h * SEARCH.bottomFrom, y + h + h * SEARCH.bottomTo, colsFrom, colsTo) ??
    y + h + h * PHOTO_FROM_FACE.bottom;
  // A little beyond the edge, so that the border line itself and an edge found
  // a few pixels inside it are covered...
  const pad = Math.max(3, w * 0.06);
  // ...but never into the text printed beside the photo (names start there).
  const text = textBeside(gray, face);
  const gap = Math.max(2, w * 0.03);
  const x0 = text.left !== undefined ? Math.max(left - pad, text.left + gap) : left - pad;
  const x1 = text.right !== undefined ? Math.min(right + pad, text.right - gap) : right + pad;
  return { x: x0, y: top - pad, width: x1 - x0, height: bottom - top + 2 * pad };
}

/**
 * Scans lines between `from` (inner) and `to` (outer) for a photo border and
 * returns the first strong one met going outwards, or undefined. `vertical`: columns x, the
 * gradient is measured across x over rows [spanFrom, spanTo).
 */
function findEdge(
  gray: GrayImage,
  orientation: 'vertical' | 'horizontal',
  from: number,
  to: number,
  spanFrom: number,
  spanTo: number,
): number | undefined {
  const { width, height, data } = gray;
  const limit = orientation === 'vertical' ? width : height;
  const spanLimit = orientation === 'vertical' ? height : width;
  const a = Math.round(Math.max(1, Math.min(from, to)));
  const b = Math.round(Math.min(limit - 2, Math.max(from, to)));
  const s0 = Math.max(0, spanFrom);
  const s1 = Math.min(spanLimit, spanTo);
  if (b - a < 3 || s1 - s0 < 10) return undefined;
  const profile: { at: number; strength: number; consistency: number }[] = [];
  for (let at = a; at <= b; at++) {
    let sum = 0;
    let strong = 0;
    for (let s = s0; s < s1; s++) {
      const i = orientation === 'vertical' ? s * width + at : at * width + s;
      const step = orientation === 'vertical' ? 1 : width;
      const g = Math.abs(data[i + step]! - data[i - step]!);
      sum += g;
      if (g >= 12) strong++;
    }
    profile.push({ at, strength: sum / (s1 - s0), consistency: strong / (s1 - s0) });
  }
  const strengths = profile.map((p) => p.strength).sort((p, q) => p - q);
  const median = strengths[Math.floor(strengths.length / 2)]!;
  // A border runs the whole length: nearly all of its pixels step, unlike a
  // column of text, whose lines leave gaps.
  const edges = profile.filter((p) => p.consistency >= 0.75 && p.strength >= Math.max(10, median * 1.5));
  if (edges.length === 0) return undefined;
  // The first border met going outwards: beyond it lie the document's own
  // fields, which must stay readable.
  const outward = to > from;
  return edges.reduce((best, p) => (outward ? (p.at < best.at ? p : best) : p.at > best.at ? p : best)).at;
}

/**
 * Where text lines begin right of the face, and end left of it, within the
 * photo's rows: rows of three or more glyph-sized blobs side by side, whose
 * starts (or ends) line up in a column.
 */
function textBeside(gray: GrayImage, face: Box): { left?: number; right?: number } {
  const { x, y, width: w, height: h } = face;
  const x0 = Math.max(0, Math.round(x - w * 1.8));
  const x1 = Math.min(gray.width, Math.round(x + w * 2.8));
  const y0 = Math.max(0, Math.round(y - h * 0.5));
  const y1 = Math.min(gray.height, Math.round(y + h * 1.8));
  if (x1 - x0 < 10 || y1 - y0 < 10) return {};
  const region = new Uint8Array((x1 - x0) * (y1 - y0));
  for (let row = y0; row < y1; row++)
    region.set(gray.data.subarray(row * gray.width + x0, row * gray.width + x1), (row - y0) * (x1 - x0));
  const mask = adaptiveInkMask(
    { width: x1 - x0, height: y1 - y0, data: region },
    Math.max(6, Math.round(h * 0.08)),
    20,
  );
  const glyphs = connectedComponents(mask, x1 - x0, y1 - y0)
    .map((c) => ({ ...c, x0: c.x0 + x0, x1: c.x1 + x0, y0: c.y0 + y0, y1: c.y1 + y0, cx: c.cx + x0, cy: c.cy + y0 }))
    .filter((c) => {
      const gh = c.y1 - c.y0 + 1;
      return gh >= h * 0.04 && gh <= h * 0.35 && c.x1 - c.x0 + 1 <= gh * 3;
    });
  const cx = x + w / 2;
  // Never closer to the face than this: the face itself and its hair are photo.
  const reach = w * 0.75;
  const right = alignedColumn(
    textRows(glyphs.filter((g) => g.x0 > cx + reach)).map((r) => r.start),
    w,
    'first',
  );
  const left = alignedColumn(
    textRows(glyphs.filter((g) => g.x1 < cx - reach)).map((r) => r.end),
    w,
    'last',
  );
  return { ...(right !== undefined ? { right } : {}), ...(left !== undefined ? { left } : {}) };
}

/**
 * A text column: two or more rows starting (or ending) at the same x, as
 * printed labels and values do; texture inside a photo does not line up so.
 * Returns the nearest such column's edge, or undefined.
 */
function alignedColumn(edges: number[], faceWidth: number, which: 'first' | 'last'): number | undefined {
  const tolerance = faceWidth * 0.08;
  const sorted = [...edges].sort((a, b) => (which === 'first' ? a - b : b - a));
  for (const edge of sorted) {
    const aligned = sorted.filter((e) => Math.abs(e - edge) <= tolerance);
    if (aligned.length >= 2) return which === 'first' ? Math.min(...aligned) : Math.max(...aligned);
  }
  return undefined;
}

/** Rows of at least three similar blobs side by side, each with its horizontal extent. */
function textRows(glyphs: Component[]): { start: number; end: number }[] {
  const rows: { start: number; end: number }[] = [];
  const sorted = [...glyphs].sort((a, b) => a.x0 - b.x0);
  const used = new Set<Component>();
  for (const first of sorted) {
    if (used.has(first)) continue;
    const height = first.y1 - first.y0 + 1;
    const row = [first];
    for (const g of sorted) {
      if (used.has(g) || g === first) continue;
      const last = row[row.length - 1]!;
      const sameLine = Math.abs(g.cy - last.cy) < height * 0.5;
      const near = g.x0 - last.x1 < height * 1.5 && g.x0 >= last.x0;
      if (sameLine && near) row.push(g);
    }
    if (row.length >= 3) {
      row.forEach((g) => used.add(g));
      rows.push({ start: row[0]!.x0, end: Math.max(...row.map((g) => g.x1)) });
    }
  }
  return rows;
}
