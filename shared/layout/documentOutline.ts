import { fitLine, quadCenter, quadContains, type Point, type Quad } from '../geometry.js';
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
const MIN_AREA_SHARE = 0.04;
/**
 * A document filling less than this share must have background along nearly
 * all its sides (SNAP_MIN_AROUND): small quadrilaterals are found in clutter
 * too (a knife's blade beside the MIDV-500 Turkish card).
 */
const SMALL_AREA_SHARE = 0.1;
/** How much of its quadrilateral a document's silhouette fills, at least. */
const MIN_FILL = 0.88;
/** Erosion that cuts thin bridges between a document and what touches it (small-copy pixels). */
const ERODE_RADIUS = 2;
/** The band along an outline's sides whose colour edges are its border's, not print (small-copy pixels). */
const BORDER_BAND = 3;
/** A document's corners lie at least this share of the photo's longest side inside the photo. */
const BORDER_MARGIN = 0.01;

export interface DocumentOutline {
  /** Corners in page pixels, clockwise from the top-left one (x right, y down). */
  corners: Quad;
  /** How far the outline is from a rectangle: the largest deviation of a corner angle from 90 degrees. */
  skewDeg: number;
  /** Share of the page inside the outline. */
  areaShare: number;
  /**
   * Share of the outline's inside (on the small copy) that is colour edge: print.
   * A document has some; a box blacked out on a redacted copy, shaped like a
   * card, has none.
   */
  printShare: number;
  /**
   * Share of the photo outside every outline that is colour edge: print or
   * clutter beside the documents (a letter around a pasted card copy), where a
   * plain table has next to none.
   */
  printOutside: number;
  /** Mean brightness (0-255) of the photo outside every outline: paper white on a scan, darker on a table. */
  brightnessOutside: number;
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
  const rawEdges = edgeMask(small);
  const edges = dilate(rawEdges, width, height);
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
  const outlineOf = (blob: Silhouette): DocumentOutline | undefined => {
    if (blob.area < (MIN_AREA_SHARE / 3) * width * height) return undefined;
    const hull = convexHull(blob.outline);
    const rough = largestQuadIn(hull);
    if (!rough) return undefined;
    // Back out to the document's edge: the erosion plus the dilated edge line.
    const grown = grow(refineCorners(rough, blob.outline) ?? rough, ERODE_RADIUS + 2);
    const looksLikeDocument = (quad: Quad): boolean =>
      polygonArea(quad) >= MIN_AREA_SHARE * width * height && shareInside(unreached, width, height, quad) >= MIN_FILL;
    if (!looksLikeDocument(grown) || polygonArea(hull) / polygonArea(rough) > 1 / MIN_FILL) return undefined;
    const masks = { unreached, rawEdges, width, height };
    const refined = snapSidesToBorder(grown, masks);
    if (!looksLikeDocument(refined)) return undefined;
    const isSmall = polygonArea(refined) < SMALL_AREA_SHARE * width * height;
    if (isSmall && backgroundAround(refined, masks) < SNAP_MIN_AROUND) return undefined;
    // A document cut off by the photo's edge has no outline of its own.
    const inside = refined.every(
      (p) => p.x >= margin && p.y >= margin && p.x <= width - margin && p.y <= height - margin,
    );
    if (!inside) return undefined;
    const corners = clockwiseFromTopLeft(refined.map((p) => ({ x: p.x * small.factor, y: p.y * small.factor })));
    return {
      corners,
      skewDeg: Math.max(...corners.map((_, i) => Math.abs(cornerAngle(corners, i) - 90))),
      areaShare: polygonArea(refined) / (width * height),
      printShare: shareInside(rawEdges, width, height, grow(refined, -BORDER_BAND)),
      printOutside: 0,
      brightnessOutside: 0,
    };
  };
  // Where print cuts a small document's plain part into pieces none of which is shaped like it
  // (a card 640 pixels long in a 2000 x 1500 photo, its text lines across it on the small copy), the
  // whole of what the flood did not reach there, print included, is tried instead.
  const solid = erode(unreached, width, height, ERODE_RADIUS);
  const solidShapes = silhouettes(solid, width, height);
  const triedSolid = new Set<Silhouette>();
  const outlines: DocumentOutline[] = [];
  for (const blob of silhouettes(plain, width, height).shapes) {
    let outline = outlineOf(blob);
    const whole = solidShapes.shapes[solidShapes.label[blob.firstPixel]!];
    if (!outline && whole && !triedSolid.has(whole)) {
      triedSolid.add(whole);
      outline = outlineOf(whole);
    }
    if (outline) outlines.push(outline);
  }
  // A piece of a document (its plain part cut in two by print) is no document of its own.
  const sorted = outlines.sort((a, b) => b.areaShare - a.areaShare);
  const kept = sorted.filter(
    (o, i) => !sorted.slice(0, i).some((larger) => quadContains(larger.corners, quadCenter(o.corners))),
  );
  const inKept = kept.map((o) =>
    grow(o.corners.map((p) => ({ x: p.x / small.factor, y: p.y / small.factor })) as Quad, BORDER_BAND),
  );
  const outside = outsideOutlines(small, rawEdges, inKept);
  return kept.map((o) => ({ ...o, printOutside: outside.edgeShare, brightnessOutside: outside.brightness }));
}

/** The small copy outside every quad: the share of its pixels that are colour edge, and its mean brightness. */
function outsideOutlines(
  small: Small,
  edges: Uint8Array,
  quads: readonly Quad[],
): { edgeShare: number; brightness: number } {
  const { width, height, rgb } = small;
  let outside = 0;
  let set = 0;
  let brightness = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = { x: x + 0.5, y: y + 0.5 };
      if (quads.some((q) => quadContains(q, p))) continue;
      const i = y * width + x;
      outside++;
      set += edges[i]!;
      brightness += (rgb[i * 3]! + rgb[i * 3 + 1]! + rgb[i * 3 + 2]!) / 3;
    }
  }
  return outside > 0
    ? { edgeShare: set / outside, brightness: brightness / outside }
    : { edgeShare: 0, brightness: 255 };
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
  /** One of its pixels (index into the mask). */
  firstPixel: number;
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

/** 4-connected regions of set pixels, and each pixel's region (its index in `shapes`; -1: none). */
function silhouettes(
  foreground: Uint8Array,
  width: number,
  height: number,
): { shapes: Silhouette[]; label: Int32Array } {
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
    found.push({ area: tail, firstPixel: start, outline });
  }
  return { shapes: found, label };
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

/** How far a side may turn to reach the border (degrees), and move (share of the neighbouring sides' length). */
const SNAP_TURN_DEG = 40;
const SNAP_SHIFT = 0.5;
/** A border line has background beside it along at least this share of the side's length. */
const SNAP_MIN_HITS = 0.5;
/** Samples on either side of a candidate side, small-copy pixels: background outside, document inside. */
const SNAP_PROBE = 2;
/** How deep inside the background's edge the band of edge pixels along a border is looked for. */
const SNAP_BAND = 6;
/** How far outside a side background counts as beside it (small-copy pixels). */
const BACKGROUND_NEAR = 6;
/**
 * A snapped outline is kept only with background beside at least this share of
 * its sides: a document lying whole on a table. Where the page is held in a hand
 * or lies on clutter, a side may snap to the edge of something else (a ruler
 * beside a card on the MIDV-500 Turkish specimen: no outline was left), and a
 * page bent by the hand holding it has no straight border to snap to; there the
 * first fit stays.
 */
const SNAP_MIN_AROUND = 0.9;

interface Line {
  p: Point;
  d: Point;
}

/** The small copy's masks the border is looked for in. */
interface BorderMasks {
  /** 1 where the flood from the photo's border did not reach: document (and whatever else is not background). */
  unreached: Uint8Array;
  /** Colour edges, not dilated. */
  rawEdges: Uint8Array;
  width: number;
  height: number;
}

/** A line along a side: `p` on it, `d` its direction, `n` its normal pointing away from the document. */
interface SideLine extends Line {
  n: Point;
}

/**
 * Moves each side of the outline onto the document's border: the straight line
 * along which background (reached from the photo's border) most often lies
 * just outside and document just inside, among lines turned up to
 * SNAP_TURN_DEG and moved up to SNAP_SHIFT of the neighbouring sides' length
 * from the side found first. That side comes from the document's plain part:
 * print touching the border (a card-access number near the edge, a photo
 * printed up to it) cuts a notch into that, and a side fitted to the notch cut a
 * corner of the document off the straightened view (measured: a 1600x1200
 * photo's card lost 84 pixels of one side, with its number; another, a third
 * of its photo). The border line is then put in the middle of the band of edge
 * pixels just inside the background: within a pixel of the true corners on
 * generated photos. A side with no border near it stays; an outline the
 * search would make concave, or shrink to less than half, or that would not
 * have background along nearly all its sides (SNAP_MIN_AROUND), is kept as it was.
 */
function snapSidesToBorder(quad: Quad, masks: BorderMasks): Quad {
  const lines = quad.map((_, s) => borderLineNear(quad, s, masks));
  const corners = quad.map((_, s) => intersect(lines[(s + 3) % 4]!, lines[s]!));
  if (corners.some((c) => c === undefined)) return quad;
  const snapped = corners as Point[] as unknown as Quad;
  const sane = isConvex(snapped) && polygonArea(snapped) > 0.5 * polygonArea(quad);
  return sane && backgroundAround(snapped, masks) >= SNAP_MIN_AROUND ? snapped : quad;
}

/** Share of the quad's perimeter (middle 80 % of each side) with background within a few pixels outside it. */
function backgroundAround(quad: Quad, masks: BorderMasks): number {
  const centre = quadCenter(quad);
  let near = 0;
  let all = 0;
  for (let s = 0; s < 4; s++) {
    const a = quad[s]!;
    const b = quad[(s + 1) % 4]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    let n = { x: (b.y - a.y) / length, y: -(b.x - a.x) / length };
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    if ((centre.x - mid.x) * n.x + (centre.y - mid.y) * n.y > 0) n = { x: -n.x, y: -n.y };
    for (let t = 0.1; t <= 0.9; t += 1 / length) {
      const p = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
      all++;
      for (let o = 0; o <= BACKGROUND_NEAR; o++) {
        if (isBackground(masks, p.x + n.x * o, p.y + n.y * o)) {
          near++;
          break;
        }
      }
    }
  }
  return all > 0 ? near / all : 0;
}

function isBackground(masks: BorderMasks, x: number, y: number): boolean {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  // Off the copy is not background: the photo's own edge is no document's border.
  return xi >= 0 && yi >= 0 && xi < masks.width && yi < masks.height && masks.unreached[yi * masks.width + xi] === 0;
}

/** The border line near side `s` of `quad` (from corner s to s + 1), or the side itself where none is. */
function borderLineNear(quad: Quad, s: number, masks: BorderMasks): Line {
  const sideLength = (i: number): number => {
    const from = quad[i % 4]!;
    const to = quad[(i + 1) % 4]!;
    return Math.hypot(to.x - from.x, to.y - from.y);
  };
  const a = quad[s]!;
  const b = quad[(s + 1) % 4]!;
  const length = sideLength(s);
  const d = { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
  const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  const centre = quadCenter(quad);
  const outward = (dir: Point): Point => {
    const n = { x: dir.y, y: -dir.x };
    return (centre.x - mid.x) * n.x + (centre.y - mid.y) * n.y > 0 ? { x: -n.x, y: -n.y } : n;
  };
  // A candidate: the side turned by `turn` radians about its middle and moved `shift` outwards.
  const candidate = (turn: number, shift: number): SideLine => {
    const dir = {
      x: d.x * Math.cos(turn) - d.y * Math.sin(turn),
      y: d.x * Math.sin(turn) + d.y * Math.cos(turn),
    };
    const n = outward(dir);
    return { p: { x: mid.x + n.x * shift, y: mid.y + n.y * shift }, d: dir, n };
  };
  /** Points on the border along a candidate, over half again the side's length (the side may be cut short). */
  const score = (turn: number, shift: number, step: number): number => {
    const { p, d: dir, n } = candidate(turn, shift);
    let hits = 0;
    for (let t = -0.75 * length; t <= 0.75 * length; t += step) {
      const x = p.x + dir.x * t;
      const y = p.y + dir.y * t;
      if (x < 0 || y < 0 || x >= masks.width || y >= masks.height) continue;
      const outside = isBackground(masks, x + n.x * SNAP_PROBE, y + n.y * SNAP_PROBE);
      if (outside && !isBackground(masks, x - n.x * SNAP_PROBE, y - n.y * SNAP_PROBE)) hits++;
    }
    return hits;
  };
  let best = { turn: 0, shift: 0, hits: -1 };
  const consider = (turn: number, shift: number, step: number): void => {
    const hits = score(turn, shift, step);
    const change = (c: { turn: number; shift: number }): number => Math.abs(c.turn) + Math.abs(c.shift) / length;
    // Ties keep the smaller change.
    if (hits > best.hits || (hits === best.hits && change({ turn, shift }) < change(best)))
      best = { turn, shift, hits };
  };
  // Coarse (2 degrees, 2 pixels, every other point), then fine around the best.
  const reach = SNAP_SHIFT * Math.max(sideLength(s + 1), sideLength(s + 3));
  const maxTurn = (SNAP_TURN_DEG * Math.PI) / 180;
  for (let turn = -maxTurn; turn <= maxTurn + 1e-9; turn += Math.PI / 90)
    for (let shift = -reach; shift <= reach; shift += 2) consider(turn, shift, 2);
  const coarse = { ...best };
  best.hits = -1;
  for (let turn = coarse.turn - Math.PI / 90; turn <= coarse.turn + Math.PI / 90 + 1e-9; turn += Math.PI / 720)
    for (let shift = coarse.shift - 2; shift <= coarse.shift + 2; shift += 0.5) consider(turn, shift, 1);
  // A side with no border near it (a piece of the document's inside, cut off by print) stays.
  if (best.hits < SNAP_MIN_HITS * length) return { p: a, d };
  const edge = fitToBackgroundEdge(candidate(best.turn, best.shift), length, masks, outward);
  const inset = edgeBandInset(edge, length, masks);
  return { p: { x: edge.p.x - edge.n.x * inset, y: edge.p.y - edge.n.y * inset }, d: edge.d };
}

/**
 * The search's lines fit the border give or take its probes: the line fitted to
 * where, along `found`, document turns into background, leaving out points off
 * it (a notch, a thumb).
 */
function fitToBackgroundEdge(
  found: SideLine,
  length: number,
  masks: BorderMasks,
  outward: (d: Point) => Point,
): SideLine {
  let points: Point[] = [];
  const reach = SNAP_PROBE * 2;
  for (let t = -0.75 * length; t <= 0.75 * length; t++) {
    const q = { x: found.p.x + found.d.x * t, y: found.p.y + found.d.y * t };
    const at = (o: number): Point => ({ x: q.x + found.n.x * o, y: q.y + found.n.y * o });
    for (let o = -reach; o <= reach; o += 0.5) {
      if (!isBackground(masks, at(o).x, at(o).y)) continue;
      // The first background going outwards, with document just before it.
      if (o > -reach && !isBackground(masks, at(o - 0.5).x, at(o - 0.5).y)) points.push(at(o - 0.25));
      break;
    }
  }
  // Points off the line: each round keeps those within 1.5 pixels of the last line (the search's
  // first, which follows most of the border: a least-squares fit to every point is pulled by a
  // hand holding the page) and fits the line again.
  let fitted: Line = { p: found.p, d: found.d };
  for (let round = 0; round < 3; round++) {
    const line = fitted;
    points = points.filter((q) => Math.abs((q.x - line.p.x) * line.d.y - (q.y - line.p.y) * line.d.x) <= 1.5);
    if (points.length < 8) break;
    fitted = fitLine(points);
  }
  // fitLine's direction may point either way along the side.
  const d = fitted.d.x * found.d.x + fitted.d.y * found.d.y < 0 ? { x: -fitted.d.x, y: -fitted.d.y } : fitted.d;
  return { p: fitted.p, d, n: outward(d) };
}

/**
 * How far inside the background's edge the document's border lies: the
 * background's edge is the outer side of the dilated band of colour edge along
 * the border, and the border the middle of that band, undilated (the run of
 * well-filled insets around the fullest: print near the border, a photo printed
 * up to it, adds edge pixels further in, which are not the border's).
 */
function edgeBandInset(edge: SideLine, length: number, masks: BorderMasks): number {
  const shares: number[] = [];
  for (let inset = 0; inset <= SNAP_BAND; inset += 0.5) {
    let share = 0;
    for (let t = -0.5 * length; t <= 0.5 * length; t++) {
      const x = Math.floor(edge.p.x + edge.d.x * t - edge.n.x * inset);
      const y = Math.floor(edge.p.y + edge.d.y * t - edge.n.y * inset);
      if (x >= 0 && y >= 0 && x < masks.width && y < masks.height && masks.rawEdges[y * masks.width + x]) share++;
    }
    shares.push(share);
  }
  const peak = shares.indexOf(Math.max(...shares));
  let from = peak;
  let to = peak;
  while (from > 0 && shares[from - 1]! >= shares[peak]! / 2) from--;
  while (to < shares.length - 1 && shares[to + 1]! >= shares[peak]! / 2) to++;
  let weighted = 0;
  let weights = 0;
  for (let i = from; i <= to; i++) {
    weighted += i * 0.5 * shares[i]!;
    weights += shares[i]!;
  }
  return weights > 0 ? weighted / weights : 0;
}

/** Every turn along the quad goes the same way. */
function isConvex(q: Quad): boolean {
  const turns = q.map((p, i) => cross(p, q[(i + 1) % 4]!, q[(i + 2) % 4]!));
  return turns.every((t) => t > 0) || turns.every((t) => t < 0);
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
