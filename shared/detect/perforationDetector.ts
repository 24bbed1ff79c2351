import { degreesOf, quadBounds, type OrientedRect, type Point, type Quad } from '../geometry.js';
import { connectedComponents, type Component } from '../image/components.js';
import { adaptiveInkMask, inkBounds, type GrayImage } from '../image/gray.js';
import { extractOrientedRect } from '../image/warp.js';
import { dataPageRect } from '../layout/icao.js';
import type { MrzReading } from '../mrz/read.js';
import { pageInFrame, type TextFrame } from './textFrame.js';
import type { Detector, PageAnalysis } from './types.js';

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
 * A page without an MRZ (a copy whose MRZ is covered, as `verify` sees it) is
 * looked at whole, as its text reads, in its own pixels (see wholePage).
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
/**
 * Holes are disks: half of them fill at least this share of their box (the
 * specimens' 0.75-0.80; small print that passes the other tests, 0.63).
 */
const MIN_MEDIAN_FILL = 0.7;
/**
 * The page facing a passport's data page is looked at this far (millimetres)
 * into the data page too: where the photo's page curves into the fold it looks
 * shorter than the MRZ's scale says (the Latvian booklet's, by about 20 mm).
 */
const FOLD_OVERLAP_MM = 30;
/** A page without an MRZ is looked at no larger than this (longest side, pixels) ... */
const WHOLE_PAGE_MAX_SIDE = 1600;
/** ... where a hole is this many pixels across ... */
const WHOLE_PAGE_DOT_PX = { min: 2, max: 14 };
/** ... and a band lies within this many hole spacings of the page's ink's edge. */
const WHOLE_PAGE_EDGE_SPACINGS = 10;

interface Dot {
  x: number;
  y: number;
  size: number;
  /** Share of its bounding box that is ink: a punched hole is a disk (0.79). */
  fill: number;
}

interface Band {
  dots: Dot[];
  /** Dot spacing, in the view's units. */
  spacing: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Where holes are looked for: an upright picture of the page, in units of
 * document millimetres where an MRZ placed the data page, else of the
 * picture's own pixels (a copy whose MRZ is covered, as `verify` sees them).
 */
interface HoleView {
  image: GrayImage;
  /** Picture pixels per unit. */
  pxPerUnit: number;
  /** A hole's width and height, units. */
  dotSize: { min: number; max: number };
  /** The area whose edges a perforated number runs along, units. */
  area: { x0: number; y0: number; x1: number; y1: number };
  /** How far from the area's edge a band may lie, units, for a band of holes `spacing` apart. */
  maxEdgeDistance(spacing: number): number;
  /** A point of the picture, units, on the page. */
  toPage(x: number, y: number): Point;
  /** The band's length as the reason says it. */
  describeLength(units: number): string;
}

export const perforationDetector: Detector = {
  name: 'perforation',
  async detect(analysis) {
    const views = analysis.mrz.flatMap((reading) => placedDataPage(analysis, reading));
    // Without an MRZ (a copy whose MRZ is covered, a card front), the page as the text reads.
    if (analysis.mrz.length === 0 && analysis.textFrame) views.push(wholePage(analysis, analysis.textFrame));
    for (const view of views) {
      for (const band of perforatedBands(findDots(view), view)) {
        const margin = band.spacing * 1.5;
        const [x0, y0, x1, y1] = [band.x0 - margin, band.y0 - margin, band.x1 + margin, band.y1 + margin];
        const quad: Quad = [view.toPage(x0, y0), view.toPage(x1, y0), view.toPage(x1, y1), view.toPage(x0, y1)];
        const length = Math.max(band.x1 - band.x0, band.y1 - band.y0);
        analysis.regions.push({
          kind: 'document_number',
          page: analysis.page.index,
          box: quadBounds(quad),
          quad,
          confidence: 0.7,
          reason: `a laser-perforated number: ${band.dots.length} holes punched as dot-matrix digits in a band ${view.describeLength(length)} (OCR does not read it; the eye does)`,
          detector: 'perforation',
        });
      }
    }
  },
};

/**
 * The data page an MRZ places, upright, in millimetres; for a passport, also
 * the page facing it across the fold (the data page's top edge), where a photo
 * of the open booklet shows it: the number is punched through every page, and
 * some booklets (the Latvian specimen's) show it on that page only.
 */
function placedDataPage(analysis: PageAnalysis, reading: MrzReading): HoleView[] {
  const placed = dataPageRect(reading.parsed.format, reading.frame);
  if (!placed) return [];
  const { rect, pxPerMm } = placed;
  // The facing page reaches a little over the fold: a page curving into it looks shorter than it is.
  const overlap = FOLD_OVERLAP_MM * pxPerMm;
  const facing: OrientedRect = {
    ...rect,
    origin: { x: rect.origin.x - rect.v.x * rect.thickness, y: rect.origin.y - rect.v.y * rect.thickness },
    thickness: rect.thickness + overlap,
  };
  const views = [millimetreView(analysis, rect, pxPerMm)];
  if (reading.parsed.format === 'TD3' && halfOnPicture(facing, analysis.page)) {
    views.push(millimetreView(analysis, facing, pxPerMm));
  }
  return views;
}

/** A page of the document upright, in millimetres (PIXELS_PER_MM to the millimetre). */
function millimetreView(analysis: PageAnalysis, rect: OrientedRect, pxPerMm: number): HoleView {
  const { origin, u, v } = rect;
  const image = extractOrientedRect(analysis.gray, rect, PIXELS_PER_MM / pxPerMm);
  return {
    image,
    pxPerUnit: PIXELS_PER_MM,
    dotSize: DOT_MM,
    area: { x0: 0, y0: 0, x1: image.width / PIXELS_PER_MM, y1: image.height / PIXELS_PER_MM },
    maxEdgeDistance: () => MAX_EDGE_DISTANCE_MM,
    toPage: (x, y) => {
      const [a, b] = [x * pxPerMm, y * pxPerMm];
      return { x: origin.x + u.x * a + v.x * b, y: origin.y + u.y * a + v.y * b };
    },
    describeLength: (mm) => `${Math.round(mm)} mm long`,
  };
}

/** Whether at least half of a rectangle lies on the picture (sampled on a grid of 10 x 10 points). */
function halfOnPicture(rect: OrientedRect, page: { width: number; height: number }): boolean {
  let inside = 0;
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 10; j++) {
      const [a, b] = [((i + 0.5) / 10) * rect.length, ((j + 0.5) / 10) * rect.thickness];
      const x = rect.origin.x + rect.u.x * a + rect.v.x * b;
      const y = rect.origin.y + rect.u.y * a + rect.v.y * b;
      if (x >= 0 && y >= 0 && x < page.width && y < page.height) inside++;
    }
  }
  return inside >= 50;
}

/**
 * The whole page turned as its text reads, in pixels of a picture no larger
 * than WHOLE_PAGE_MAX_SIDE; a band must run along the edge of the page's ink
 * (a scanned document's outline), within WHOLE_PAGE_EDGE_SPACINGS hole spacings.
 */
function wholePage(analysis: PageAnalysis, frame: TextFrame): HoleView {
  const rect = pageInFrame(analysis.page, degreesOf(frame.u));
  const { origin, u, v } = rect;
  const scale = Math.min(1, WHOLE_PAGE_MAX_SIDE / Math.max(rect.length, rect.thickness));
  const image = extractOrientedRect(analysis.gray, rect, scale);
  const ink = inkBounds(image, 160, 1, 0) ?? { x: 0, y: 0, width: image.width, height: image.height };
  return {
    image,
    pxPerUnit: 1,
    dotSize: WHOLE_PAGE_DOT_PX,
    area: { x0: ink.x, y0: ink.y, x1: ink.x + ink.width, y1: ink.y + ink.height },
    maxEdgeDistance: (spacing) => WHOLE_PAGE_EDGE_SPACINGS * spacing,
    toPage: (x, y) => {
      const [a, b] = [x / scale, y / scale];
      return { x: origin.x + u.x * a + v.x * b, y: origin.y + u.y * a + v.y * b };
    },
    describeLength: (px) => `along the edge of the page, ${Math.round(px / scale)} pixels long`,
  };
}

/** Small round blobs of ink of one view, in its units. */
function findDots(view: HoleView): Dot[] {
  const { image, pxPerUnit, dotSize } = view;
  const mask = adaptiveInkMask(image, Math.max(8, Math.round(2 * pxPerUnit)), 10);
  const isDot = (c: Component): boolean => {
    const w = (c.x1 - c.x0 + 1) / pxPerUnit;
    const h = (c.y1 - c.y0 + 1) / pxPerUnit;
    const round = Math.max(w, h) / Math.min(w, h) <= 1.6 && c.pixels >= 0.5 * w * h * pxPerUnit ** 2;
    return round && Math.min(w, h) >= dotSize.min && Math.max(w, h) <= dotSize.max;
  };
  return connectedComponents(mask, image.width, image.height)
    .filter(isDot)
    .map((c) => ({
      x: c.cx / pxPerUnit,
      y: c.cy / pxPerUnit,
      size: Math.max(c.x1 - c.x0 + 1, c.y1 - c.y0 + 1) / pxPerUnit,
      fill: c.pixels / ((c.x1 - c.x0 + 1) * (c.y1 - c.y0 + 1)),
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
  const reach = LINK_SIZES * Math.max(0, ...dots.map((d) => d.size));
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

/** The band a group of dots makes: their spacing (median nearest-neighbour distance) and extent. */
function bandOf(dots: Dot[]): Band {
  return { ...extentOf(dots), dots, spacing: percentile(nearestDistances(dots, nearestDots(dots)), 0.5) };
}

/** The box the dots cover. */
function extentOf(dots: readonly Dot[]): { x0: number; y0: number; x1: number; y1: number } {
  return {
    x0: Math.min(...dots.map((d) => d.x - d.size / 2)),
    y0: Math.min(...dots.map((d) => d.y - d.size / 2)),
    x1: Math.max(...dots.map((d) => d.x + d.size / 2)),
    y1: Math.max(...dots.map((d) => d.y + d.size / 2)),
  };
}

function nearestDistances(dots: readonly Dot[], nearest: readonly Dot[]): number[] {
  return dots.map((d, i) => Math.hypot(nearest[i]!.x - d.x, nearest[i]!.y - d.y));
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
function isPerforatedBand(dots: Dot[], view: HoleView): boolean {
  if (dots.length < MIN_DOTS) return false;
  const medianFill = percentile(
    dots.map((d) => d.fill),
    0.5,
  );
  if (medianFill < MIN_MEDIAN_FILL) return false;
  const nearest = nearestDots(dots);
  const distances = nearestDistances(dots, nearest);
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
  const { area } = view;
  const fromEdge = vertical
    ? Math.min(band.x0 - area.x0, area.x1 - band.x1)
    : Math.min(band.y0 - area.y0, area.y1 - band.y1);
  return (
    long >= MIN_BAND_ASPECT * wide &&
    wide >= BAND_WIDTH_SPACINGS.min * band.spacing &&
    wide <= BAND_WIDTH_SPACINGS.max * band.spacing &&
    fromEdge <= view.maxEdgeDistance(band.spacing)
  );
}

/**
 * Perforated-number bands among the dots: each qualifying group, joined by the
 * groups of a few dots in line with it along its length (within one band
 * width of its end), until none is left to join.
 */
function perforatedBands(dots: readonly Dot[], view: HoleView): Band[] {
  const groups = dotGroups(dots);
  const used = new Set<Dot[]>();
  const bands: Band[] = [];
  for (const group of groups) {
    if (used.has(group) || !isPerforatedBand(group, view)) continue;
    used.add(group);
    let band = bandOf(group);
    const vertical = band.y1 - band.y0 > band.x1 - band.x0;
    for (let grew = true; grew;) {
      grew = false;
      const wide = vertical ? band.x1 - band.x0 : band.y1 - band.y0;
      for (const other of groups) {
        if (used.has(other) || other.length < 4) continue;
        const o = extentOf(other);
        // Across the band: inside its width (a dot spacing of slack); along it: within one width of an end.
        const across = vertical
          ? o.x0 >= band.x0 - band.spacing && o.x1 <= band.x1 + band.spacing
          : o.y0 >= band.y0 - band.spacing && o.y1 <= band.y1 + band.spacing;
        const along = vertical
          ? o.y1 >= band.y0 - wide && o.y0 <= band.y1 + wide
          : o.x1 >= band.x0 - wide && o.x0 <= band.x1 + wide;
        if (!across || !along) continue;
        used.add(other);
        const dots = [...band.dots, ...other];
        band = { ...extentOf(dots), dots, spacing: band.spacing };
        grew = true;
      }
    }
    bands.push(band);
  }
  return bands;
}
