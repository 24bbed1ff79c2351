import {
  boxToQuad,
  orientedRectQuad,
  quadBounds,
  quadCenter,
  quadContains,
  type Point,
  type Quad,
} from '../geometry.js';
import { rgbToGray } from '../image/gray.js';
import { homographyBetween, mapQuad, applyHomography, type Homography } from '../image/homography.js';
import { warpRgb } from '../image/warp.js';
import { findDocumentOutlines, type DocumentOutline } from '../layout/documentOutline.js';
import type { PageImage } from '../load/page.js';
import { locateMrzCandidates } from '../mrz/locate.js';
import { mrzBlocks, type MrzReading } from '../mrz/read.js';
import type { OcrService } from '../ocr/service.js';
import { DETECTORS } from './index.js';
import { coverMrzs, mrzDetector } from './mrzDetector.js';
import { addOtherDocuments } from './otherDocuments.js';
import { portraitDetector } from './portraitDetector.js';
import type { DetectorTools, PageAnalysis } from './types.js';
import { vizTextReader } from './vizText.js';

/** An outline whose corners are this far from right angles was photographed at an angle. */
const PERSPECTIVE_MIN_DEG = 3;
/**
 * A document filling no more than this share of the page, on a background with
 * no print (no more than ON_BACKGROUND_MAX_PRINT of it colour edge: a table,
 * not a letter with a card's copy pasted in, whose other lines must be read
 * too), is read on its own, straightened, whatever its angles. Measured: a card
 * photographed nearly square on a wooden table, turned a quarter, had the
 * grain's stripes run along its MRZ lines; read with them, its MRZ was not read
 * at all and one line of it stayed visible (the grain: no colour edge on the
 * small copy; a page's text around a blacked-out photo: 6 %). A scan whose page
 * the document nearly fills is read as it is.
 */
const ON_BACKGROUND_MAX_SHARE = 0.6;
const ON_BACKGROUND_MAX_PRINT = 0.01;
/**
 * ... and a background darker than paper: on a scanner's white lid a document
 * is read as it is (straightening only resamples it: a 110-dpi card front's
 * photo, seen on the straight view with a face score of 0.71 instead of 0.99,
 * was covered 92 %).
 */
const ON_BACKGROUND_MAX_BRIGHTNESS = 200;
/**
 * An outline with less print inside than this is no document: on a redacted
 * copy a blacked-out photo is shaped like a card (its print share 0; documents
 * on the specimens and generated photos, 0.13-0.28), and reading that box alone
 * would leave the rest of the page unread.
 */
const MIN_PRINT_SHARE = 0.02;
/** Long side over short side of ID documents: ID-1 cards 85.6 x 54 mm, ID-2/ID-3 pages 105 x 74 and 125 x 88 mm. */
const ID_ASPECTS = [85.6 / 54, 125 / 88];
/** How far a measured aspect may be from an ID shape (foreshortening) and still count as one. */
const ASPECT_TOLERANCE = 0.15;

/** An analysis with nothing found yet; `gray` when the page's grey pixels are already at hand. */
export function emptyAnalysis(page: PageImage, gray = rgbToGray(page.rgb, page.width, page.height)): PageAnalysis {
  return { page, gray, mrz: [], regions: [], words: [], warnings: [] };
}

/**
 * Finds everything to cover on one decoded page. A document photographed at an
 * angle is first straightened: its outline is found, the quadrilateral is
 * resampled to a rectangle, every detector runs there, and what they find is
 * mapped back onto the page. Anything else is analysed as it is.
 */
export async function analysePage(page: PageImage, ocr: OcrService): Promise<PageAnalysis> {
  const tools = { ocr };
  const plain = emptyAnalysis(page);
  const outlines = findDocumentOutlines(page).filter(
    (o) =>
      (o.skewDeg >= PERSPECTIVE_MIN_DEG ||
        (o.areaShare <= ON_BACKGROUND_MAX_SHARE &&
          o.printOutside <= ON_BACKGROUND_MAX_PRINT &&
          o.brightnessOutside <= ON_BACKGROUND_MAX_BRIGHTNESS)) &&
      o.printShare >= MIN_PRINT_SHARE &&
      nearestIdAspect(o.corners) !== undefined,
  );
  const inOutlines = (p: Point): boolean => outlines.some((o) => quadContains(o.corners, p));
  const layout = locateMrzCandidates(plain.gray);
  // The photo as it is is read for MRZs only when its reading may decide something: the MRZ
  // blocks found without OCR all inside the outlines and read as many MRZs on the straight
  // views say that the views lost nothing (a phone photo's MRZ is then read once, not twice).
  const blocks = outlines.length > 0 ? mrzBlocks(layout).map((b) => quadCenter(orientedRectQuad(b.rect))) : [];
  let plainRead = false;
  const readPlain = async (): Promise<void> => {
    if (!plainRead) await coverMrzs(plain, ocr, layout);
    plainRead = true;
  };
  // Straighten only when the outlines hold every MRZ seen on the page, so nothing outside them is lost.
  const mrzOutsideOutlines = (): boolean =>
    plain.regions.some((r) => r.kind === 'mrz' && !inOutlines(quadCenter(r.quad ?? boxToQuad(r.box))));
  if (outlines.length > 0 && !blocks.every(inOutlines)) await readPlain();
  if (outlines.length > 0 && !mrzOutsideOutlines()) {
    const combined = emptyAnalysis(page, plain.gray);
    for (const outline of outlines) {
      const view = straighten(page, outline);
      const sub = emptyAnalysis(view.page);
      await mrzDetector.detect(sub, tools);
      await runDetectorsAfterMrz(sub, tools);
      mergeBack(sub, view.toPage, combined);
    }
    // The straight view must read at least what the photo read as it was.
    if (!plainRead && combined.mrz.length >= blocks.length) return combined;
    await readPlain();
    if (!mrzOutsideOutlines() && combined.mrz.length >= plain.mrz.length) return combined;
  }

  await readPlain();
  await runDetectorsAfterMrz(plain, tools);
  await addOtherDocuments(plain, tools, async (rest, gray) => {
    const analysis = emptyAnalysis(rest, gray);
    await mrzDetector.detect(analysis, tools);
    await runDetectorsAfterMrz(analysis, tools);
    return analysis;
  });
  return plain;
}

/**
 * Runs the detectors that follow the MRZ search, in their list's order, except
 * that on a page with an MRZ the portrait detector and the printed-text reader
 * run at once: their heavy work happens in other threads (the face model's, an
 * OCR worker), and the MRZ already says which way is up, which is all the
 * reader would otherwise wait for the faces to tell (measured: 0.1-0.4 s less per page).
 */
async function runDetectorsAfterMrz(analysis: PageAnalysis, tools: DetectorTools): Promise<void> {
  let rest = DETECTORS.filter((d) => d !== mrzDetector);
  if (analysis.mrz.length > 0) {
    await Promise.all([portraitDetector.detect(analysis, tools), vizTextReader.detect(analysis, tools)]);
    rest = rest.filter((d) => d !== portraitDetector && d !== vizTextReader);
  }
  for (const detector of rest) await detector.detect(analysis, tools);
}

/** The long-over-short ratio of the ID shape an outline has, if it has one. */
function nearestIdAspect(q: Quad): number | undefined {
  const { width, height } = straightSize(q);
  const ratio = Math.max(width, height) / Math.min(width, height);
  const nearest = ID_ASPECTS.reduce((a, b) => (Math.abs(ratio / b - 1) < Math.abs(ratio / a - 1) ? b : a));
  return Math.abs(ratio / nearest - 1) <= ASPECT_TOLERANCE ? nearest : undefined;
}

const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

/** Size of the straightened document: its longer opposite sides, so no resolution is lost. */
function straightSize(q: Quad): { width: number; height: number } {
  return { width: Math.max(dist(q[0], q[1]), dist(q[3], q[2])), height: Math.max(dist(q[0], q[3]), dist(q[1], q[2])) };
}

export interface StraightView {
  page: PageImage;
  /** Maps the view's pixels onto the original page's pixels. */
  toPage: Homography;
}

/** Resamples the outlined document into an upright rectangle with the aspect of its ID shape. */
export function straighten(page: PageImage, outline: DocumentOutline): StraightView {
  let { width, height } = straightSize(outline.corners);
  // Foreshortening shrinks one side; the ID shape says by how much.
  const aspect = nearestIdAspect(outline.corners)!;
  if (width >= height) height = Math.max(height, width / aspect);
  else width = Math.max(width, height / aspect);
  width = Math.round(width);
  height = Math.round(height);
  const rectangle: Quad = [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: width, y: height },
    { x: 0, y: height },
  ];
  const toPage = homographyBetween(rectangle, outline.corners);
  return { page: { index: page.index, width, height, rgb: warpRgb(page, toPage, width, height) }, toPage };
}

/** Adds what was found on a straightened view to the page's analysis, in page pixels. */
function mergeBack(view: PageAnalysis, toPage: Homography, into: PageAnalysis): void {
  const note = ' (found on the straightened view of the document, apart from its background)';
  for (const region of view.regions) {
    const quad = mapQuad(toPage, region.quad ?? boxToQuad(region.box));
    into.regions.push({ ...region, quad, box: quadBounds(quad), reason: region.reason + note });
  }
  for (const word of view.words) {
    const quad = mapQuad(toPage, word.quad);
    into.words.push({ ...word, quad, box: quadBounds(quad) });
  }
  into.mrz.push(...view.mrz.map((reading) => mapReading(reading, toPage)));
  into.warnings.push(...view.warnings);
}

function mapReading(reading: MrzReading, toPage: Homography): MrzReading {
  const lineQuads = reading.lineQuads.map((q) => mapQuad(toPage, q));
  const zoneQuad = mapQuad(toPage, reading.zoneQuad);
  const { origin, u, v, pitch } = reading.frame;
  const o = applyHomography(toPage, origin);
  const along = applyHomography(toPage, { x: origin.x + u.x * pitch, y: origin.y + u.y * pitch });
  const across = applyHomography(toPage, { x: origin.x + v.x * pitch, y: origin.y + v.y * pitch });
  const unit = (p: Point): Point => {
    const d = dist(p, o);
    return { x: (p.x - o.x) / d, y: (p.y - o.y) / d };
  };
  const first = lineQuads[0]!;
  return {
    ...reading,
    lineQuads,
    lineBoxes: lineQuads.map((q) => quadBounds(q)),
    zoneQuad,
    zoneBox: quadBounds(zoneQuad),
    charHeight: reading.charHeight * (dist(along, o) / pitch),
    angle: ((((Math.atan2(first[1].y - first[0].y, first[1].x - first[0].x) * 180) / Math.PI) % 360) + 360) % 360,
    frame: { origin: o, u: unit(along), v: unit(across), pitch: dist(along, o) },
  };
}
