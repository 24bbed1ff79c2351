import { fitLine, quadContains, type Point, type Quad } from '../geometry.js';
import type { PageImage } from '../load/page.js';

/**
 * Finds the outline of each document photographed on a background: the
 * quadrilateral a card or passport page makes when the camera was not square
 * on. Works on a small copy: the background is what can be reached from the
 * photo's border without crossing a colour edge; what cannot be reached and is
 * shaped like a quadrilateral is a document.
 */

/** Outlines are looked for on a copy no larger than this (longest side, pixels). */
const WORK_SIDE = 640;
/** Colour step (x plus y central difference, strongest channel) that counts as an edge. */
const EDGE_STEP = 30;
/** A document fills at least this share of the photo. */
const MIN_AREA_SHARE = 0.1;
/** How much of its quadrilateral a document's silhouette fills, at least. */
const MIN_FILL = 0.88;
/** Erosion that cuts thin bridges between a document and what touches it (small-copy pixels). */
const ERODE_RADIUS = 2;
/** A document's corners lie at least this share of the photo's longest side inside the photo. */
const BORDER_MARGIN = 0.01;

export interface DocumentOutline {
  /** Corners in page pixels, clockwise from the top-left one (x right, y down). */
  corners: Quad;
  /** How far the outline is from a rectangle: the largest deviation of a corner angle from 90 degrees. */
  skewDeg: number;
  /** Share of the page inside the outline. */
  areaShare: number;
}

interface Small {
  width: number;
  height: number;
  /** Interleaved RGB. */
  rgb: Float32Array;
  /** Page pixels per small pixel. */
  factor: number;
}

export function findDocumentOutlines(page: PageImage): DocumentOutline[] {
  const small = shrinkRgb(page);
  const { width, height } = small;
  const edges = dilate(edgeMask(small), width, height);
  const unreached = invert(floodFromBorder(edges, width, height));
  // The plain (edge-free) part of what the flood did not reach, eroded: a thumb, a shadow or a
  // cluttered background touching a document's edge stays a separate piece.
  const plain = erode(
    unreached.map((v, i) => v & (1 - edges[i]!)),
    width,
    height,
    ERODE_RADIUS,
  );
  const margin = BORDER_MARGIN * Math.max(width, height);
  const outlines: DocumentOutline[] = [];
  for (const blob of silhouettes(plain, width, height)) {
    if (blob.area < (MIN_AREA_SHARE / 3) * width * height) continue;
    const hull = convexHull(blob.outline);
    const rough = largestQuadIn(hull);
    if (!rough) continue;
    // Back out to the document's edge: the erosion plus the dilated edge line.
    const refined = grow(refineCorners(rough, blob.outline) ?? rough, ERODE_RADIUS + 2);
    const quadArea = polygonArea(refined);
    if (
      quadArea < MIN_AREA_SHARE * width * height ||
      shareInside(unreached, width, height, refined) < MIN_FILL ||
      polygonArea(hull) / polygonArea(rough) > 1 / MIN_FILL
    ) {
      continue;
    }
    // A document cut off by the photo's edge has no outline of its own.
    const inside = refined.every(
      (p) => p.x >= margin && p.y >= margin && p.x <= width - margin && p.y <= height - margin,
    );
    if (!inside) continue;
    const corners = clockwiseFromTopLeft(refined.map((p) => ({ x: p.x * small.factor, y: p.y * small.factor })));
    outlines.push({
      corners,
      skewDeg: Math.max(...corners.map((_, i) => Math.abs(cornerAngle(corners, i) - 90))),
      areaShare: quadArea / (width * height),
    });
  }
  return outlines.sort((a, b) => b.areaShare - a.areaShare);
}

/** Box-filter copy no larger than WORK_SIDE, RGB as floats. */
export function shrinkRgb(page: PageImage): Small {
  const k = Math.max(1, Math.ceil(Math.max(page.width, page.height) / WORK_SIDE));
  const width = Math.floor(page.width / k);
  const height = Math.floor(page.height / k);
  const rgb = new Float32Array(width * height * 3);
  const area = k * k;
  const source = page.rgb;
  // One output row's channel sums, built from its k source rows read in order.
  const sums = new Uint32Array(width * 3);
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < k; dy++) {
      let i = (y * k + dy) * page.width * 3;
      for (let x = 0; x < width; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let dx = 0; dx < k; dx++, i += 3) {
          r += source[i]!;
          g += source[i + 1]!;
          b += source[i + 2]!;
        }
        sums[x * 3]! += r;
        sums[x * 3 + 1]! += g;
        sums[x * 3 + 2]! += b;
      }
    }
    for (let j = 0, o = y * width * 3; j < width * 3; j++, o++) rgb[o] = sums[j]! / area;
  }
  return { width, height, rgb, factor: k };
}

export function edgeMask({ width, height, rgb }: Small): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = (y * width + x) * 3;
      let step = 0;
      for (let c = 0; c < 3; c++) {
        const dx = Math.abs(rgb[i + 3 + c]! - rgb[i - 3 + c]!);
        const dy = Math.abs(rgb[i + width * 3 + c]! - rgb[i - width * 3 + c]!);
        step = Math.max(step, dx + dy);
      }
      if (step > EDGE_STEP) mask[y * width + x] = 1;
    }
  }
  return mask;
}

/** 3x3 dilation: closes one-pixel gaps in an edge. */
export function dilate(mask: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < width) out[yy * width + xx] = 1;
        }
      }
    }
  }
  return out;
}

/** 1 where a pixel can be reached from the border without crossing an edge. */
export function floodFromBorder(edges: Uint8Array, width: number, height: number): Uint8Array {
  const reached = new Uint8Array(width * height);
  const queue = new Int32Array(width * height);
  let head = 0;
  let tail = 0;
  const seed = (i: number): void => {
    if (edges[i] || reached[i]) return;
    reached[i] = 1;
    queue[tail++] = i;
  };
  for (let x = 0; x < width; x++) {
    seed(x);
    seed((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    seed(y * width);
    seed(y * width + width - 1);
  }
  while (head < tail) {
    const i = queue[head++]!;
    const x = i % width;
    if (x > 0) seed(i - 1);
    if (x < width - 1) seed(i + 1);
    if (i >= width) seed(i - width);
    if (i + width < width * height) seed(i + width);
  }
  return reached;
}

interface Silhouette {
  area: number;
  /** The extreme pixel corners of each row and each column: enough for the hull and the side fits. */
  outline: Point[];
}

/** Share of the quad's pixels that are set in `mask`. */
function shareInside(mask: Uint8Array, width: number, height: number, quad: Quad): number {
  const xs = quad.map((p) => p.x);
  const ys = quad.map((p) => p.y);
  let inside = 0;
  let set = 0;
  for (let y = Math.max(0, Math.floor(Math.min(...ys))); y < Math.min(height, Math.ceil(Math.max(...ys))); y++) {
    for (let x = Math.max(0, Math.floor(Math.min(...xs))); x < Math.min(width, Math.ceil(Math.max(...xs))); x++) {
      if (!quadContains(quad, { x: x + 0.5, y: y + 0.5 })) continue;
      inside++;
      set += mask[y * width + x]!;
    }
  }
  return inside > 0 ? set / inside : 0;
}

function invert(mask: Uint8Array): Uint8Array {
  return mask.map((v) => 1 - v);
}

/** Square erosion of a 0/1 mask: a pixel stays set only if its whole (2r+1)^2 neighbourhood is set. */
function erode(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  // Separable: rows, then columns.
  const pass = (src: Uint8Array, horizontal: boolean): Uint8Array => {
    const out = new Uint8Array(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let all = 1;
        for (let d = -r; d <= r && all; d++) {
          const xx = horizontal ? x + d : x;
          const yy = horizontal ? y : y + d;
          if (xx < 0 || yy < 0 || xx >= width || yy >= height || !src[yy * width + xx]) all = 0;
        }
        out[y * width + x] = all;
      }
    }
    return out;
  };
  return pass(pass(mask, true), false);
}

/** Moves every side of a convex quad outwards by `d` and intersects them again. */
function grow(quad: Quad, d: number): Quad {
  const c = { x: quad.reduce((s, p) => s + p.x, 0) / 4, y: quad.reduce((s, p) => s + p.y, 0) / 4 };
  const sides = quad.map((a, s) => {
    const b = quad[(s + 1) % 4]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    const dir = { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
    let normal = { x: dir.y, y: -dir.x };
    if ((c.x - a.x) * normal.x + (c.y - a.y) * normal.y > 0) normal = { x: -normal.x, y: -normal.y };
    return { p: { x: a.x + normal.x * d, y: a.y + normal.y * d }, d: dir };
  });
  return quad.map((p, s) => intersect(sides[(s + 3) % 4]!, sides[s]!) ?? p) as Quad;
}

/** 4-connected regions of set pixels. */
function silhouettes(foreground: Uint8Array, width: number, height: number): Silhouette[] {
  const label = new Int32Array(width * height).fill(-1);
  const queue = new Int32Array(width * height);
  const found: Silhouette[] = [];
  for (let start = 0; start < label.length; start++) {
    if (!foreground[start] || label[start] !== -1) continue;
    const id = found.length;
    const rowMin = new Map<number, number>();
    const rowMax = new Map<number, number>();
    const colMin = new Map<number, number>();
    const colMax = new Map<number, number>();
    let head = 0;
    let tail = 0;
    label[start] = id;
    queue[tail++] = start;
    while (head < tail) {
      const i = queue[head++]!;
      const x = i % width;
      const y = (i - x) / width;
      if (!(rowMin.get(y)! <= x)) rowMin.set(y, x);
      if (!(rowMax.get(y)! >= x)) rowMax.set(y, x);
      if (!(colMin.get(x)! <= y)) colMin.set(x, y);
      if (!(colMax.get(x)! >= y)) colMax.set(x, y);
      const visit = (j: number): void => {
        if (!foreground[j] || label[j] !== -1) return;
        label[j] = id;
        queue[tail++] = j;
      };
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (y > 0) visit(i - width);
      if (y < height - 1) visit(i + width);
    }
    const outline: Point[] = [];
    for (const [y, x] of rowMin) outline.push({ x, y: y + 0.5 });
    for (const [y, x] of rowMax) outline.push({ x: x + 1, y: y + 0.5 });
    for (const [x, y] of colMin) outline.push({ x: x + 0.5, y });
    for (const [x, y] of colMax) outline.push({ x: x + 0.5, y: y + 1 });
    found.push({ area: tail, outline });
  }
  return found;
}

const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Andrew's monotone chain; counter-clockwise in maths orientation. */
function convexHull(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length < 3) return sorted;
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower.at(-2)!, lower.at(-1)!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (const p of sorted.reverse()) {
    while (upper.length >= 2 && cross(upper.at(-2)!, upper.at(-1)!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

function polygonArea(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    sum += a.x * b.y - b.x * a.y;
  }
  return Math.abs(sum) / 2;
}

/** The largest-area quadrilateral with its corners on hull vertices. */
function largestQuadIn(hull: Point[]): Quad | undefined {
  const n = hull.length;
  if (n < 4) return undefined;
  const at = (i: number): Point => hull[i % n]!;
  const tri = (a: number, b: number, c: number): number => Math.abs(cross(at(a), at(b), at(c))) / 2;
  let best = 0;
  let quad: Quad | undefined;
  for (let i = 0; i < n; i++) {
    for (let k = i + 2; k < i + n - 1; k++) {
      let left = 0;
      let j = i + 1;
      for (let t = i + 1; t < k; t++) {
        const area = tri(i, t, k);
        if (area > left) [left, j] = [area, t];
      }
      let right = 0;
      let l = k + 1;
      for (let t = k + 1; t < i + n; t++) {
        const area = tri(k, t, i);
        if (area > right) [right, l] = [area, t];
      }
      if (left + right > best) {
        best = left + right;
        quad = [at(i), at(j), at(k), at(l)];
      }
    }
  }
  return quad;
}

/**
 * Straightens each side by fitting a line to the silhouette's edge along its
 * middle part, then intersects neighbouring sides: rounded card corners and
 * pixel steps no longer pull the corners inwards.
 */
function refineCorners(quad: Quad, outline: Point[]): Quad | undefined {
  const lines: { p: Point; d: Point }[] = [];
  for (let s = 0; s < 4; s++) {
    const a = quad[s]!;
    const b = quad[(s + 1) % 4]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    const d = { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
    const near = outline.filter((p) => {
      const t = (p.x - a.x) * d.x + (p.y - a.y) * d.y;
      const off = Math.abs((p.x - a.x) * d.y - (p.y - a.y) * d.x);
      return t > 0.15 * length && t < 0.85 * length && off < 2.5;
    });
    lines.push(near.length >= 8 ? fitLine(near) : { p: a, d });
  }
  const corners: Point[] = [];
  for (let s = 0; s < 4; s++) {
    const corner = intersect(lines[(s + 3) % 4]!, lines[s]!);
    if (!corner || Math.hypot(corner.x - quad[s]!.x, corner.y - quad[s]!.y) > 12) return undefined;
    corners.push(corner);
  }
  return corners as Quad;
}

function intersect(l1: { p: Point; d: Point }, l2: { p: Point; d: Point }): Point | undefined {
  const det = l1.d.x * l2.d.y - l1.d.y * l2.d.x;
  if (Math.abs(det) < 1e-6) return undefined;
  const t = ((l2.p.x - l1.p.x) * l2.d.y - (l2.p.y - l1.p.y) * l2.d.x) / det;
  return { x: l1.p.x + t * l1.d.x, y: l1.p.y + t * l1.d.y };
}

/** Orders four corners clockwise on screen (y down), starting with the one nearest the top-left. */
function clockwiseFromTopLeft(points: Point[]): Quad {
  const c = { x: points.reduce((s, p) => s + p.x, 0) / 4, y: points.reduce((s, p) => s + p.y, 0) / 4 };
  const sorted = [...points].sort((a, b) => Math.atan2(a.y - c.y, a.x - c.x) - Math.atan2(b.y - c.y, b.x - c.x));
  let first = 0;
  for (let i = 1; i < 4; i++) if (sorted[i]!.x + sorted[i]!.y < sorted[first]!.x + sorted[first]!.y) first = i;
  return [0, 1, 2, 3].map((i) => sorted[(first + i) % 4]!) as Quad;
}

/** Interior angle at corner `i`, degrees. */
function cornerAngle(q: Quad, i: number): number {
  const p = q[i]!;
  const a = q[(i + 3) % 4]!;
  const b = q[(i + 1) % 4]!;
  const v1 = { x: a.x - p.x, y: a.y - p.y };
  const v2 = { x: b.x - p.x, y: b.y - p.y };
  const cos = (v1.x * v2.x + v1.y * v2.y) / (Math.hypot(v1.x, v1.y) * Math.hypot(v2.x, v2.y));
  return (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;
}
