import type { OrientedRect, Point, Quad } from '../geometry.js';
import type { MrzFormat } from '../mrz/formats.js';
import type { MrzFrame } from '../mrz/read.js';

/** ICAO 9303 fixes the MRZ character pitch at 2.54 mm (10 characters per inch). */
export const MRZ_PITCH_MM = 2.54;

/** A rectangle in document millimetres (x right, y down from the document's top-left). */
export interface MmRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Layout {
  /** The data page's size (ICAO 9303: ID-3 125 x 88 mm, ID-2 105 x 74 mm; MRV-A visas 120 x 80 mm). */
  pageMm: { width: number; height: number };
  /** Where line 1's first character starts, document millimetres. */
  mrzLeftMm: number;
  mrzTopMm: number;
  /**
   * The zone the portrait may occupy (ICAO 9303 parts 4-7, zone V: up to 35 mm
   * wide from about 4 mm in), wide enough for the photo and no further, since
   * the names start right of it; down to 1 mm above the MRZ's first line, as
   * photos reach down to 1.5-4 mm above it on several specimens (Luxembourg,
   * Taiwan, Iceland, Hungary, ICAO's Utopia; measured in MRZ pitches).
   */
  portraitMm: MmRect;
  /**
   * Where data pages print their document number: the top right, over the
   * personal data (ICAO 9303 part 4, field 03; measured on the specimens whose
   * number was read: 69-125 mm across, 4.7-30.5 mm down on TD3 pages).
   */
  documentNumberMm?: MmRect;
  description: string;
}

/**
 * Data-page layouts whose portrait sits on the same side as the MRZ. TD1
 * cards carry the MRZ on the back, away from the portrait, so they have none.
 */
const LAYOUTS: Partial<Record<MrzFormat, Layout>> = {
  TD3: {
    pageMm: { width: 125, height: 88 },
    mrzLeftMm: 6.0,
    mrzTopMm: 76,
    portraitMm: { x: 2, y: 9, width: 36.5, height: 66 },
    documentNumberMm: { x: 55, y: 3, width: 70, height: 29 },
    description: 'TD3 passport data page: left part above the MRZ',
  },
  'MRV-A': {
    pageMm: { width: 120, height: 80 },
    mrzLeftMm: 4.0,
    mrzTopMm: 68,
    portraitMm: { x: 1, y: 7, width: 36, height: 60 },
    documentNumberMm: { x: 50, y: 2, width: 70, height: 27 },
    description: 'MRV-A visa: left part above the MRZ',
  },
  TD2: {
    pageMm: { width: 105, height: 74 },
    mrzLeftMm: 6.5,
    mrzTopMm: 62,
    portraitMm: { x: 1.5, y: 6, width: 31, height: 55 },
    documentNumberMm: { x: 45, y: 3, width: 60, height: 25 },
    description: 'TD2 document: left part above the MRZ',
  },
  'MRV-B': {
    pageMm: { width: 105, height: 74 },
    mrzLeftMm: 6.5,
    mrzTopMm: 62,
    portraitMm: { x: 1.5, y: 6, width: 31, height: 55 },
    documentNumberMm: { x: 45, y: 3, width: 60, height: 25 },
    description: 'MRV-B visa: left part above the MRZ',
  },
  FRENCH_NATIONAL_ID: {
    pageMm: { width: 105, height: 74 },
    mrzLeftMm: 6.5,
    mrzTopMm: 62,
    portraitMm: { x: 1.5, y: 6, width: 31, height: 55 },
    description: 'French identity card: left part above the MRZ',
  },
};

/** Document millimetres to page pixels, anchored on an MRZ read on the page. */
export function mmToPage(
  frame: MrzFrame,
  layout: Pick<Layout, 'mrzLeftMm' | 'mrzTopMm'>,
  p: { x: number; y: number },
): Point {
  const pxPerMm = frame.pitch / MRZ_PITCH_MM;
  const a = (p.x - layout.mrzLeftMm) * pxPerMm;
  const b = (p.y - layout.mrzTopMm) * pxPerMm;
  return { x: frame.origin.x + frame.u.x * a + frame.v.x * b, y: frame.origin.y + frame.u.y * a + frame.v.y * b };
}

/** A rectangle in document millimetres as a quad of page pixels (clockwise from the top-left). */
function rectToPage(frame: MrzFrame, layout: Pick<Layout, 'mrzLeftMm' | 'mrzTopMm'>, r: MmRect): Quad {
  const corner = (x: number, y: number): Point => mmToPage(frame, layout, { x, y });
  return [
    corner(r.x, r.y),
    corner(r.x + r.width, r.y),
    corner(r.x + r.width, r.y + r.height),
    corner(r.x, r.y + r.height),
  ];
}

/** Where ICAO 9303 puts the portrait of a document whose MRZ was read, in page pixels. */
export function portraitZone(format: MrzFormat, frame: MrzFrame): { quad: Quad; description: string } | undefined {
  const layout = LAYOUTS[format];
  if (!layout) return undefined;
  return { quad: rectToPage(frame, layout, layout.portraitMm), description: layout.description };
}

/** Where ICAO 9303 data pages print the document number, in page pixels, for layouts that have one. */
export function documentNumberZone(format: MrzFormat, frame: MrzFrame): Quad | undefined {
  const layout = LAYOUTS[format];
  const r = layout?.documentNumberMm;
  if (!layout || !r) return undefined;
  return rectToPage(frame, layout, r);
}

/**
 * A rectangle in the document millimetres of a data page (a layout with its
 * portrait beside the MRZ) as a quad of page pixels; undefined for formats
 * without such a layout (TD1 cards).
 */
export function dataPageRectToPage(format: MrzFormat, frame: MrzFrame, r: MmRect): Quad | undefined {
  const layout = LAYOUTS[format];
  return layout ? rectToPage(frame, layout, r) : undefined;
}

/** The document-millimetre bounds of a quad of page pixels on a data page; undefined as dataPageRectToPage. */
export function dataPageQuadToMm(format: MrzFormat, frame: MrzFrame, quad: Quad): MmRect | undefined {
  const layout = LAYOUTS[format];
  if (!layout) return undefined;
  const mm = quad.map((p) => pageToMm(frame, layout, p));
  const xs = mm.map((p) => p.x);
  const ys = mm.map((p) => p.y);
  const [x, y] = [Math.min(...xs), Math.min(...ys)];
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * The back of an ID-1 card (TD1), where its three-line MRZ is: 85.6 x 54 mm, the
 * MRZ's first line starting about 4 mm in and 39.5 mm down (ICAO 9303 part 5).
 */
const TD1_BACK: Pick<Layout, 'pageMm' | 'mrzLeftMm' | 'mrzTopMm'> = {
  pageMm: { width: 85.6, height: 54 },
  mrzLeftMm: 4,
  mrzTopMm: 39.5,
};

/**
 * The side of the document that carries a read MRZ (a data page, a visa, a
 * card's back), as an oriented rectangle of page pixels (u along the MRZ's
 * lines, v down), with its pixels per millimetre.
 */
export function mrzSideRect(format: MrzFormat, frame: MrzFrame): { rect: OrientedRect; pxPerMm: number } {
  const layout = LAYOUTS[format] ?? TD1_BACK;
  const pxPerMm = frame.pitch / MRZ_PITCH_MM;
  return {
    rect: {
      origin: mmToPage(frame, layout, { x: 0, y: 0 }),
      u: frame.u,
      v: frame.v,
      length: layout.pageMm.width * pxPerMm,
      thickness: layout.pageMm.height * pxPerMm,
    },
    pxPerMm,
  };
}

/** Room left between the fields above an MRZ and its first line, millimetres. */
const ABOVE_MRZ_GAP_MM = 1.5;

/**
 * The part of mrzSideRect above the MRZ, where that side prints its fields
 * (names, dates, numbers), with its pixels per millimetre.
 */
export function aboveMrzRect(format: MrzFormat, frame: MrzFrame): { rect: OrientedRect; pxPerMm: number } {
  const layout = LAYOUTS[format] ?? TD1_BACK;
  const { rect, pxPerMm } = mrzSideRect(format, frame);
  return { rect: { ...rect, thickness: (layout.mrzTopMm - ABOVE_MRZ_GAP_MM) * pxPerMm }, pxPerMm };
}

/**
 * The data page of a document whose MRZ was read and whose portrait is on the
 * same side (every format but TD1), as mrzSideRect gives it.
 */
export function dataPageRect(format: MrzFormat, frame: MrzFrame): { rect: OrientedRect; pxPerMm: number } | undefined {
  return LAYOUTS[format] ? mrzSideRect(format, frame) : undefined;
}

/** Page pixels to document millimetres: the inverse of mmToPage. */
export function pageToMm(
  frame: MrzFrame,
  layout: Pick<Layout, 'mrzLeftMm' | 'mrzTopMm'>,
  p: Point,
): { x: number; y: number } {
  const pxPerMm = frame.pitch / MRZ_PITCH_MM;
  const dx = p.x - frame.origin.x;
  const dy = p.y - frame.origin.y;
  return {
    x: (dx * frame.u.x + dy * frame.u.y) / pxPerMm + layout.mrzLeftMm,
    y: (dx * frame.v.x + dy * frame.v.y) / pxPerMm + layout.mrzTopMm,
  };
}
