/**
 * Geometry in page pixels: the coordinate system of a decoded page after EXIF
 * orientation is applied (x to the right, y down, origin top-left).
 */

export interface Point {
  x: number;
  y: number;
}

/** Axis-aligned rectangle in page pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The direction of a vector, degrees clockwise from +x (page pixels: y runs down). */
export function degreesOf(u: Point): number {
  return (Math.atan2(u.y, u.x) * 180) / Math.PI;
}

/** How far apart two text directions are, in degrees, when they are known modulo 180 (0-90). */
export function axisDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 180;
  return Math.min(d, 180 - d);
}

/** Four corners in page pixels, in drawing order (a rotated rectangle). */
export type Quad = [Point, Point, Point, Point];

export function quadBounds(quad: readonly Point[]): Box {
  const xs = quad.map((p) => p.x);
  const ys = quad.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

export function boxToQuad(box: Box): Quad {
  const { x, y, width: w, height: h } = box;
  return [
    { x, y },
    { x: x + w, y },
    { x: x + w, y: y + h },
    { x, y: y + h },
  ];
}

/** Rounds a box outwards to whole pixels and clips it to the page. */
export function clipBox(box: Box, pageWidth: number, pageHeight: number): Box {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(pageWidth, Math.ceil(box.x + box.width));
  const y1 = Math.min(pageHeight, Math.ceil(box.y + box.height));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** Whether two boxes share any area. */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** How much of `b`'s area lies inside `a` (0 to 1). */
export function overlapShare(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? (width * height) / (b.width * b.height) : 0;
}

export function unionBoxes(boxes: readonly Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * A rectangle that may be rotated: `origin` is one corner, `u` the unit vector
 * along its length, `v` the unit vector across it (u rotated +90 degrees).
 */
export interface OrientedRect {
  origin: Point;
  u: Point;
  v: Point;
  length: number;
  thickness: number;
}

export function orientedRectQuad(r: OrientedRect): Quad {
  const at = (a: number, b: number): Point => ({
    x: r.origin.x + r.u.x * a + r.v.x * b,
    y: r.origin.y + r.u.y * a + r.v.y * b,
  });
  return [at(0, 0), at(r.length, 0), at(r.length, r.thickness), at(0, r.thickness)];
}

/** Grows an oriented rectangle by `along` at both ends and `across` on both sides. */
export function growOrientedRect(r: OrientedRect, along: number, across: number): OrientedRect {
  return {
    origin: {
      x: r.origin.x - r.u.x * along - r.v.x * across,
      y: r.origin.y - r.u.y * along - r.v.y * across,
    },
    u: r.u,
    v: r.v,
    length: r.length + 2 * along,
    thickness: r.thickness + 2 * across,
  };
}

/** Whether `p` lies inside the convex quad `q` (on the edge counts). */
export function quadContains(q: readonly Point[], p: Point): boolean {
  let sign = 0;
  for (let i = 0; i < q.length; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % q.length]!;
    const cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    if (cross !== 0) {
      if (sign === 0) sign = Math.sign(cross);
      else if (Math.sign(cross) !== sign) return false;
    }
  }
  return true;
}

/** Leftmost and rightmost x where a convex polygon meets the horizontal line at `y`. */
export function convexSpanAt(polygon: readonly Point[], y: number): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    if (y < Math.min(a.y, b.y) || y > Math.max(a.y, b.y)) continue;
    const x = a.y === b.y ? Math.min(a.x, b.x) : a.x + ((y - a.y) / (b.y - a.y)) * (b.x - a.x);
    const xMax = a.y === b.y ? Math.max(a.x, b.x) : x;
    min = Math.min(min, x);
    max = Math.max(max, xMax);
  }
  return min <= max ? [min, max] : undefined;
}

export function quadCenter(q: readonly Point[]): Point {
  return { x: q.reduce((s, p) => s + p.x, 0) / q.length, y: q.reduce((s, p) => s + p.y, 0) / q.length };
}

/** Total-least-squares line through points: their centroid `p` and principal direction `d` (unit). */
export function fitLine(points: readonly Point[]): { p: Point; d: Point } {
  const cx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const cy = points.reduce((s, p) => s + p.y, 0) / points.length;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - cx) ** 2;
    syy += (p.y - cy) ** 2;
    sxy += (p.x - cx) * (p.y - cy);
  }
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { p: { x: cx, y: cy }, d: { x: Math.cos(theta), y: Math.sin(theta) } };
}
