import { connectedComponents, type Component } from '../image/components.js';
import {
  adaptiveInkMask,
  downscaleGray,
  rgbToGray,
  rgbToGrayDownscaled,
  upscaleGray2x,
  type GrayImage,
} from '../image/gray.js';
import { axisDistance, fitLine, type OrientedRect, type Point } from '../geometry.js';

/** A run of evenly spaced, similar-sized glyphs along one direction. */
export interface TextChain {
  glyphs: Component[];
  /** Unit vector along the line, in page pixels. */
  u: Point;
  /** Typical glyph size (the larger of width and height), page pixels. */
  glyphSize: number;
  /** Extent along u and across (v), measured from the page origin. */
  alongMin: number;
  alongMax: number;
  across: number;
}

/** Where an MRZ may be: 1 to 3 parallel text chains, and the rectangle around them. */
export interface MrzCandidate {
  chains: TextChain[];
  /** Covers the chains, page pixels; u runs along the lines. */
  rect: OrientedRect;
  glyphSize: number;
}

/** Layout analysis runs on a copy no larger than this (longest side, pixels). */
const ANALYSIS_MAX_SIDE = 1800;
/** Pages smaller than this (longest side) are analysed at twice their size. */
const ANALYSIS_MIN_SIDE = 900;
/** MRZ lines hold 30 to 44 characters; chains shorter than this are ignored. */
const MIN_CHAIN_GLYPHS = 14;

interface Edge {
  a: number;
  b: number;
  angle: number;
}

/**
 * Finds MRZ-like blocks anywhere on a page, at any rotation: glyphs are
 * connected components of an adaptive-threshold ink mask; neighbouring glyphs
 * of similar size are linked, the page's text directions are the peaks of the
 * link angles, and unbroken chains along those directions (an MRZ line has no
 * spaces: fillers `<` join the words) are grouped into parallel blocks.
 */
export interface PageLayout {
  candidates: MrzCandidate[];
  /**
   * The page's text directions, degrees clockwise from +x, known modulo 180
   * (peaks of the angles between neighbouring glyphs of any text, MRZ or not).
   */
  textDirections: number[];
}

export function locateMrzCandidates(page: GrayImage): PageLayout {
  const factor = analysisFactor(page.width, page.height);
  const small = factor < 1 ? upscaleGray2x(page) : downscaleGray(page, factor);
  return locateInAnalysisCopy(small, factor);
}

/**
 * locateMrzCandidates for a page given as interleaved RGB pixels: the same
 * result, but a page that is analysed reduced is reduced straight from its
 * colours, without a full-size grey copy (for checking a redacted copy, where
 * nothing else needs one unless an MRZ-like block is found).
 */
export function locateMrzCandidatesInRgb(rgb: Uint8Array, width: number, height: number): PageLayout {
  const factor = analysisFactor(width, height);
  if (factor < 1) return locateMrzCandidates(rgbToGray(rgb, width, height));
  return locateInAnalysisCopy(rgbToGrayDownscaled(rgb, width, height, factor), factor);
}

/** Page pixels per pixel of the copy the layout is analysed on (0.5: analysed at twice the size). */
function analysisFactor(width: number, height: number): number {
  const longest = Math.max(width, height);
  // Small photos get MRZ glyphs of 4-6 pixels: analyse them at twice the size.
  return longest < ANALYSIS_MIN_SIDE ? 0.5 : Math.max(1, Math.ceil(longest / ANALYSIS_MAX_SIDE));
}

/** The layout found on the analysis copy `small`, in page pixels (`factor` page pixels per copy pixel). */
function locateInAnalysisCopy(small: GrayImage, factor: number): PageLayout {
  const candidates: MrzCandidate[] = [];
  const textDirections: number[] = [];
  for (const radius of [Math.max(8, Math.round(Math.max(small.width, small.height) / 60))]) {
    const mask = adaptiveInkMask(small, radius, 18);
    const glyphs = connectedComponents(mask, small.width, small.height).filter((c) => {
      const w = c.x1 - c.x0 + 1;
      const h = c.y1 - c.y0 + 1;
      const size = Math.max(w, h);
      return size >= 5 && size <= Math.max(small.width, small.height) / 12 && c.pixels >= 8 && Math.min(w, h) >= 2;
    });
    const { chains, directions } = buildChains(glyphs);
    candidates.push(...groupChains(chains));
    textDirections.push(...directions);
  }
  // Back to page pixels.
  return { candidates: candidates.map((c) => scaleCandidate(c, factor)), textDirections };
}

function sizeOf(c: Component): number {
  return Math.max(c.x1 - c.x0 + 1, c.y1 - c.y0 + 1);
}

function buildChains(glyphs: Component[]): { chains: TextChain[]; directions: number[] } {
  if (glyphs.length < MIN_CHAIN_GLYPHS) return { chains: [], directions: [] };
  // Spatial hash for neighbour queries.
  const cell = Math.max(8, median(glyphs.map(sizeOf)) * 2);
  const grid = new Map<string, number[]>();
  glyphs.forEach((g, i) => {
    const key = `${Math.floor(g.cx / cell)},${Math.floor(g.cy / cell)}`;
    (grid.get(key) ?? grid.set(key, []).get(key)!).push(i);
  });
  const edges: Edge[] = [];
  glyphs.forEach((g, i) => {
    const size = sizeOf(g);
    const reach = Math.ceil((size * 1.8) / cell);
    const gx = Math.floor(g.cx / cell);
    const gy = Math.floor(g.cy / cell);
    const near: { j: number; d: number }[] = [];
    for (let dx = -reach; dx <= reach; dx++) {
      for (let dy = -reach; dy <= reach; dy++) {
        for (const j of grid.get(`${gx + dx},${gy + dy}`) ?? []) {
          if (j <= i) continue;
          const h = glyphs[j]!;
          const other = sizeOf(h);
          if (Math.max(size, other) > 2.2 * Math.min(size, other)) continue;
          const d = Math.hypot(h.cx - g.cx, h.cy - g.cy);
          if (d > 1.7 * Math.max(size, other) || d < 0.4 * Math.max(size, other)) continue;
          near.push({ j, d });
        }
      }
    }
    for (const { j } of near) {
      const h = glyphs[j]!;
      let angle = (Math.atan2(h.cy - g.cy, h.cx - g.cx) * 180) / Math.PI;
      if (angle < 0) angle += 180;
      if (angle >= 180) angle -= 180;
      edges.push({ a: i, b: j, angle });
    }
  });
  const directions = dominantAngles(edges);
  const chains: TextChain[] = [];
  for (const direction of directions) {
    const parent = glyphs.map((_, i) => i);
    const find = (a: number): number => {
      while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
      return a;
    };
    for (const e of edges) {
      if (axisDistance(e.angle, direction) > 6) continue;
      const ga = glyphs[e.a]!;
      const gb = glyphs[e.b]!;
      // Linked glyphs must also sit on one line: little offset across it.
      const rad = (direction * Math.PI) / 180;
      const across = Math.abs(-(gb.cx - ga.cx) * Math.sin(rad) + (gb.cy - ga.cy) * Math.cos(rad));
      if (across > 0.45 * Math.max(sizeOf(ga), sizeOf(gb))) continue;
      parent[find(e.a)] = find(e.b);
    }
    const groups = new Map<number, Component[]>();
    glyphs.forEach((g, i) => {
      const root = find(i);
      (groups.get(root) ?? groups.set(root, []).get(root)!).push(g);
    });
    // Text directions are known modulo 180 degrees: point u rightwards (or
    // down), so that an upright page is read the right way up first.
    const rad = ((direction > 135 ? direction - 180 : direction) * Math.PI) / 180;
    const rough = { x: Math.cos(rad), y: Math.sin(rad) };
    for (const members of groups.values()) {
      if (members.length < MIN_CHAIN_GLYPHS) continue;
      // The histogram gives the direction to a degree or two; the glyph centres give it exactly.
      const u = fitDirection(members, rough);
      const along = members.map((g) => g.cx * u.x + g.cy * u.y).sort((a, b) => a - b);
      const acrossValues = members.map((g) => -g.cx * u.y + g.cy * u.x);
      const glyphSize = median(members.map(sizeOf));
      // MRZ glyphs are evenly pitched: no gap wider than about two characters.
      const gaps = along.slice(1).map((v, i) => v - along[i]!);
      if (Math.max(...gaps) > 2.6 * Math.max(median(gaps), glyphSize * 0.5)) continue;
      chains.push({
        glyphs: members,
        u,
        glyphSize,
        alongMin: along[0]! - glyphSize / 2,
        alongMax: along[along.length - 1]! + glyphSize / 2,
        across: median(acrossValues),
      });
    }
  }
  return { chains, directions };
}

/** Direction of the line through the glyph centres, pointing the way `rough` does. */
function fitDirection(members: Component[], rough: Point): Point {
  const { d } = fitLine(members.map((g) => ({ x: g.cx, y: g.cy })));
  return d.x * rough.x + d.y * rough.y < 0 ? { x: -d.x, y: -d.y } : d;
}

/** Peaks of the link-angle histogram (degrees, 0-180), strongest first: the page's text directions. */
function dominantAngles(edges: Edge[]): number[] {
  const histogram = new Float64Array(180);
  for (const e of edges) histogram[Math.floor(e.angle) % 180]! += 1;
  const smooth = histogram.map((_, i) => {
    let s = 0;
    for (let d = -2; d <= 2; d++) s += histogram[(i + d + 180) % 180]!;
    return s;
  });
  const peaks: number[] = [];
  const max = Math.max(...smooth);
  for (let i = 0; i < 180; i++) {
    const v = smooth[i]!;
    if (v < Math.max(20, max * 0.15)) continue;
    let isPeak = true;
    for (let d = -6; d <= 6 && isPeak; d++) if (d !== 0 && smooth[(i + d + 180) % 180]! > v) isPeak = false;
    if (isPeak && !peaks.some((p) => axisDistance(p, i) < 6)) peaks.push(i + 0.5);
  }
  // Strongest first: the page's main text direction leads.
  return peaks.sort((a, b) => smooth[Math.floor(b)]! - smooth[Math.floor(a)]!).map((peak) => refinePeak(edges, peak));
}

/**
 * The mean angle of the links within a few degrees of a histogram peak: the
 * peak's bin is only good to a degree or two, and a chain links glyphs within
 * 6 degrees of it: a line whose fillers sit a pixel higher than its letters has
 * links at +-4 degrees, and a peak found at 2.5 degrees lost those at -4 (a
 * generated TD3 spread read as a TD2 from a chain cut short).
 */
function refinePeak(edges: Edge[], peak: number): number {
  // Angles are known modulo 180: average them as doubled-angle unit vectors.
  let [x, y] = [0, 0];
  for (const e of edges) {
    if (axisDistance(e.angle, peak) > PEAK_REFINE_DEG) continue;
    const doubled = (e.angle * Math.PI) / 90;
    x += Math.cos(doubled);
    y += Math.sin(doubled);
  }
  if (x === 0 && y === 0) return peak;
  const mean = (Math.atan2(y, x) * 90) / Math.PI;
  return mean < 0 ? mean + 180 : mean;
}

/** Links this close to a peak of the angle histogram (degrees) give its exact direction. */
const PEAK_REFINE_DEG = 5;

/** Parallel chains of similar glyph size, stacked at line spacing, form one block. */
function groupChains(chains: TextChain[]): MrzCandidate[] {
  const sorted = [...chains].sort((a, b) => a.across - b.across);
  const used = new Set<TextChain>();
  const blocks: MrzCandidate[] = [];
  for (const chain of sorted) {
    if (used.has(chain)) continue;
    const block = [chain];
    used.add(chain);
    for (const other of sorted) {
      if (used.has(other) || block.length >= 3) continue;
      const last = block[block.length - 1]!;
      const sameDirection = Math.abs(other.u.x * last.u.x + other.u.y * last.u.y) > 0.995;
      const spacing = other.across - last.across;
      const similarSize = Math.max(other.glyphSize, last.glyphSize) < 1.5 * Math.min(other.glyphSize, last.glyphSize);
      const overlap = Math.min(other.alongMax, last.alongMax) - Math.max(other.alongMin, last.alongMin);
      const shorter = Math.min(other.alongMax - other.alongMin, last.alongMax - last.alongMin);
      // Line 1 of a TD3 is mostly fillers, smaller than letters: measure by the larger glyphs.
      const size = Math.max(other.glyphSize, last.glyphSize);
      if (sameDirection && similarSize && spacing > 0.9 * size && spacing < 2.8 * size && overlap > 0.7 * shorter) {
        block.push(other);
        used.add(other);
      }
    }
    const u = chain.u;
    const v = { x: -u.y, y: u.x };
    const glyphSize = median(block.map((c) => c.glyphSize));
    const alongMin = Math.min(...block.map((c) => c.alongMin));
    const alongMax = Math.max(...block.map((c) => c.alongMax));
    const acrossMin = Math.min(...block.map((c) => c.across)) - glyphSize * 0.6;
    const acrossMax = Math.max(...block.map((c) => c.across)) + glyphSize * 0.6;
    blocks.push({
      chains: block,
      glyphSize,
      rect: {
        origin: { x: u.x * alongMin + v.x * acrossMin, y: u.y * alongMin + v.y * acrossMin },
        u,
        v,
        length: alongMax - alongMin,
        thickness: acrossMax - acrossMin,
      },
    });
  }
  // Longest, most line-rich blocks first: the likeliest MRZs are read first.
  return blocks.sort((a, b) => b.chains.length * b.rect.length - a.chains.length * a.rect.length);
}

function scaleCandidate(c: MrzCandidate, factor: number): MrzCandidate {
  if (factor === 1) return c;
  const s = (p: Point): Point => ({ x: p.x * factor, y: p.y * factor });
  return {
    glyphSize: c.glyphSize * factor,
    rect: { ...c.rect, origin: s(c.rect.origin), length: c.rect.length * factor, thickness: c.rect.thickness * factor },
    chains: c.chains.map((ch) => ({
      ...ch,
      glyphSize: ch.glyphSize * factor,
      alongMin: ch.alongMin * factor,
      alongMax: ch.alongMax * factor,
      across: ch.across * factor,
      glyphs: ch.glyphs.map((g) => ({
        x0: g.x0 * factor,
        y0: g.y0 * factor,
        x1: (g.x1 + 1) * factor - Math.min(1, factor),
        y1: (g.y1 + 1) * factor - Math.min(1, factor),
        cx: g.cx * factor,
        cy: g.cy * factor,
        pixels: g.pixels * factor * factor,
      })),
    })),
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
