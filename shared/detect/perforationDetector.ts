import { quadBounds, type Point, type Quad } from '../geometry.js';
import { connectedComponents, type Component } from '../image/components.js';
import { adaptiveInkMask } from '../image/gray.js';
import { extractOrientedRect } from '../image/warp.js';
import { dataPageRect } from '../layout/icao.js';
import type { Detector } from './types.js';

/**
 * Covers a laser-perforated document number. Many passports (the UK's and
 * Bulgaria's specimens among ours) punch the number through the page as
 * dot-matrix digits: a band of small round holes along an edge, which a scan
 * or photo shows as dots. OCR reads none of it; the eye reads it well.
 *
 * The data page (placed from its MRZ) is looked at upright at a fixed scale,
 * in document millimetres: its small round blobs of ink are dots; dots that
 * lie close together, evenly spaced and of one size, make groups; a group of
 * many dots in a band (longer than wide, a few dot rows across, as a row of
 * dot-matrix digits is) is a perforated number, joined by the smaller groups
 * in line with it (a digit whose holes the scan shows fainter), and covered.
 */

/**
 * The page is looked at with this many pixels per millimetre: a hole (0.3-1 mm) is 2-6 pixels
 * (8 found the same on the specimens and the generated page, in 33 instead of 18 ms a page).
 */
const PIXELS_PER_MM = 6;
/** A dot's width and height, millimetres. */
const DOT_MM = { min: 0.25, max: 1.3 };
/** Dots at most this many dot sizes apart (centre to centre) belong to one group. */
const LINK_SIZES = 3;
/** A perforated number has at least this many holes (nine digits of a 5 x 7 matrix have far more). */
const MIN_DOTS = 25;
/** ... evenly spaced: nearest-neighbour distances of its dots within this ratio (90th over 10th percentile). */
const MAX_SPACING_SPREAD = 2.2;
/** ... in a band at least this many times longer than wide ... */
const MIN_BAND_ASPECT = 2;
/** ... whose width is a row of digits: this many dot spacings, at least and at most ... */
const BAND_WIDTH_SPACINGS = { min: 2.5, max: 12 };
/**
 * ... along an edge of the page, no further from it than this (millimetres): the
 * specimens' are 1-5 mm from the right edge; small print elsewhere on the page
 * (a facing page's paragraph seen past the data page's top) can pass the tests above.
 */
const MAX_EDGE_DISTANCE_MM = 12;
/** Most dots' nearest neighbours lie along or across the page, within this many degrees ... */
const GRID_TOLERANCE_DEG = 15;
/** ... this share of them at least (a halftone screen's dots lie at its screen angle, often 45 degrees). */
const MIN_SQUARE_SHARE = 0.7;

interface Dot {
  x: number;
  y: number;
  size: number;
}

interface Band {
  dots: Dot[];
  /** Dot spacing, page millimetres. */
  spacing: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const perforationDetector: Detector = {
  name: 'perforation',
  async detect(analysis) {
    for (const reading of analysis.mrz) {
      const page = dataPageRect(reading.parsed.format, reading.frame);
      if (!page) continue;
      const scale = PIXELS_PER_MM / page.pxPerMm;
      const upright = extractOrientedRect(analysis.gray, page.rect, scale);
      const pageMm = { width: upright.width / PIXELS_PER_MM, height: upright.height / PIXELS_PER_MM };
      for (const band of perforatedBands(findDots(upright), pageMm)) {
        const margin = band.spacing * 1.5;
        const toPage = (x: number, y: number): Point => {
          const a = x * page.pxPerMm;
          const b = y * page.pxPerMm;
          const { origin, u, v } = page.rect;
          return { x: origin.x + u.x * a + v.x * b, y: origin.y + u.y * a + v.y * b };
        };
        const [x0, y0, x1, y1] = [band.x0 - margin, band.y0 - margin, band.x1 + margin, band.y1 + margin];
        const quad: Quad = [toPage(x0, y0), toPage(x1, y0), toPage(x1, y1), toPage(x0, y1)];
        const length = Math.max(band.x1 - band.x0, band.y1 - band.y0);
        analysis.regions.push({
          kind: 'document_number',
          page: analysis.page.index,
          box: quadBounds(quad),
          quad,
          confidence: 0.7,
          reason: `a laser-perforated number: ${band.dots.length} holes punched as dot-matrix digits in a band ${Math.round(length)} mm long (OCR does not read it; the eye does)`,
          detector: 'perforation',
        });
      }
    }
  },
};

/** Small round blobs of ink on the upright page, in document millimetres. */
function findDots(upright: { width: number; height: number; data: Uint8Array }): Dot[] {
  const mask = adaptiveInkMask(upright, Math.round(2 * PIXELS_PER_MM), 10);
  const isDot = (c: Component): boolean => {
    const w = (c.x1 - c.x0 + 1) / PIXELS_PER_MM;
    const h = (c.y1 - c.y0 + 1) / PIXELS_PER_MM;
    const round = Math.max(w, h) / Math.min(w, h) <= 1.6 && c.pixels >= 0.5 * w * h * PIXELS_PER_MM ** 2;
    return round && Math.min(w, h) >= DOT_MM.min && Math.max(w, h) <= DOT_MM.max;
  };
  return connectedComponents(mask, upright.width, upright.height)
    .filter(isDot)
    .map((c) => ({
      x: c.cx / PIXELS_PER_MM,
      y: c.cy / PIXELS_PER_MM,
      size: Math.max(c.x1 - c.x0 + 1, c.y1 - c.y0 + 1) / PIXELS_PER_MM,
    }));
}

/** Groups of dots linked by neighbours of about their size, largest first. */
function dotGroups(dots: readonly Dot[]): Dot[][] {
  const parent = dots.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  // Dots sorted by x: only those within reach along x are compared.
  const order = dots.map((_, i) => i).sort((a, b) => dots[a]!.x - dots[b]!.x);
  const reach = LINK_SIZES * DOT_MM.max;
  for (let k = 0; k < order.length; k++) {
    const a = dots[order[k]!]!;
    for (let m = k + 1; m < order.length && dots[order[m]!]!.x - a.x <= reach; m++) {
      const b = dots[order[m]!]!;
      const size = Math.max(a.size, b.size);
      if (size > 1.6 * Math.min(a.size, b.size)) continue;
      if (Math.hypot(a.x - b.x, a.y - b.y) <= LINK_SIZES * size) parent[find(order[k]!)] = find(order[m]!);
    }
  }
  const groups = new Map<number, Dot[]>();
  dots.forEach((d, i) => {
    const root = find(i);
    (groups.get(root) ?? groups.set(root, []).get(root)!).push(d);
  });
  return [...groups.values()].sort((a, b) => b.length - a.length);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function bandOf(dots: Dot[]): Band {
  const nearest = nearestDots(dots);
  return {
    dots,
    spacing:
      dots.length < 2
        ? 0
        : percentile(
            dots.map((d, i) => Math.hypot(nearest[i]!.x - d.x, nearest[i]!.y - d.y)),
            0.5,
          ),
    x0: Math.min(...dots.map((d) => d.x - d.size / 2)),
    y0: Math.min(...dots.map((d) => d.y - d.size / 2)),
    x1: Math.max(...dots.map((d) => d.x + d.size / 2)),
    y1: Math.max(...dots.map((d) => d.y + d.size / 2)),
  };
}

/** The dot nearest to each dot (dots: two or more). */
function nearestDots(dots: readonly Dot[]): Dot[] {
  return dots.map((d) => {
    let best = d;
    let distance = Infinity;
    for (const e of dots) {
      const dd = e === d ? Infinity : Math.hypot(e.x - d.x, e.y - d.y);
      if (dd < distance) [best, distance] = [e, dd];
    }
    return best;
  });
}

/**
 * Whether a group of dots is a row of dot-matrix digits: many, evenly spaced,
 * on a grid square to the page (each dot's nearest neighbour along or across
 * it, not diagonally or at a halftone's angle), in a band along an edge of
 * the page.
 */
function isPerforatedBand(dots: Dot[], page: { width: number; height: number }): boolean {
  if (dots.length < MIN_DOTS) return false;
  const nearest = nearestDots(dots);
  const distances = dots.map((d, i) => Math.hypot(nearest[i]!.x - d.x, nearest[i]!.y - d.y));
  if (percentile(distances, 0.9) > MAX_SPACING_SPREAD * percentile(distances, 0.1)) return false;
  const square = dots.filter((d, i) => {
    const degrees = (Math.atan2(nearest[i]!.y - d.y, nearest[i]!.x - d.x) * 180) / Math.PI;
    return Math.abs((((degrees % 90) + 90 + 45) % 90) - 45) <= GRID_TOLERANCE_DEG;
  });
  if (square.length < MIN_SQUARE_SHARE * dots.length) return false;
  const band = bandOf(dots);
  const vertical = band.y1 - band.y0 > band.x1 - band.x0;
  const long = vertical ? band.y1 - band.y0 : band.x1 - band.x0;
  const wide = vertical ? band.x1 - band.x0 : band.y1 - band.y0;
  const fromEdge = vertical ? Math.min(band.x0, page.width - band.x1) : Math.min(band.y0, page.height - band.y1);
  return (
    long >= MIN_BAND_ASPECT * wide &&
    wide >= BAND_WIDTH_SPACINGS.min * band.spacing &&
    wide <= BAND_WIDTH_SPACINGS.max * band.spacing &&
    fromEdge <= MAX_EDGE_DISTANCE_MM
  );
}

/**
 * Perforated-number bands among the dots: each qualifying group, joined by the
 * groups of a few dots in line with it along its length (within one band
 * width of its end), until none is left to join.
 */
function perforatedBands(dots: readonly Dot[], page: { width: number; height: number }): Band[] {
  const groups = dotGroups(dots);
  const used = new Set<Dot[]>();
  const bands: Band[] = [];
  for (const group of groups) {
    if (used.has(group) || !isPerforatedBand(group, page)) continue;
    used.add(group);
    let band = bandOf(group);
    const vertical = band.y1 - band.y0 > band.x1 - band.x0;
    for (let grew = true; grew;) {
      grew = false;
      const wide = vertical ? band.x1 - band.x0 : band.y1 - band.y0;
      for (const other of groups) {
        if (used.has(other) || other.length < 4) continue;
        const o = bandOf(other);
        // Across the band: inside its width (a dot spacing of slack); along it: within one width of an end.
        const across = vertical
          ? o.x0 >= band.x0 - band.spacing && o.x1 <= band.x1 + band.spacing
          : o.y0 >= band.y0 - band.spacing && o.y1 <= band.y1 + band.spacing;
        const along = vertical
          ? o.y1 >= band.y0 - wide && o.y0 <= band.y1 + wide
          : o.x1 >= band.x0 - wide && o.x0 <= band.x1 + wide;
        if (!across || !along) continue;
        used.add(other);
        band = { ...bandOf([...band.dots, ...other]), spacing: band.spacing };
        grew = true;
      }
    }
    bands.push(band);
  }
  return bands;
}
