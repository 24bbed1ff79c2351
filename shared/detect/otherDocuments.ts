import {
  axisDistance,
  growOrientedRect,
  orientedRectQuad,
  quadBounds,
  quadCenter,
  quadContains,
  type Box,
  type Quad,
} from '../geometry.js';
import { rgbToGray, type GrayImage } from '../image/gray.js';
import { mrzSideRect } from '../layout/icao.js';
import type { PageImage } from '../load/page.js';
import { coverRegions } from '../redact/cover.js';
import type { DetectorTools, PageAnalysis } from './types.js';
import { CONFIDENT_READING, cleanWords, legibility, readInFrame } from './vizText.js';

/** The sides carrying an MRZ are blanked this far beyond their edges (document millimetres): layouts vary. */
const SIDE_MARGIN_MM = 3;
/** Fewer words than this outside the MRZ's side (or clean words read another way) is not another document. */
const MIN_WORDS_ELSEWHERE = 8;

/** Text lines this far off the MRZ's axis (degrees) may belong to a document turned a quarter. */
const OTHER_AXIS_DEG = 30;

/**
 * A page whose MRZ was read is read the MRZ's way up; another document beside
 * it may stand otherwise — a card's front scanned upside down or sideways next
 * to its back — and its text, numbers and photo then read as nothing. Where the
 * words outside the sides carrying an MRZ read badly, the page with those sides
 * blanked is read the other ways up (upside down, and sideways where the page
 * has text lines across the MRZ's); where one of those reads well, better than
 * the MRZ's way up, the blanked page is analysed as a page without an MRZ is
 * (which way is up from faces and from how well the text reads) and what that
 * finds is added. `analyse` is the analysis of a page as it is (MRZ search,
 * then the other detectors). Measured on the specimens: the two booklet photos
 * whose facing page's small print reads badly every way pay one to three
 * reads more (0.1-0.6 s); nothing is added on any specimen.
 */
export async function addOtherDocuments(
  analysis: PageAnalysis,
  { ocr }: DetectorTools,
  analyse: (page: PageImage, gray: GrayImage) => Promise<PageAnalysis>,
): Promise<void> {
  const mrzAngle = analysis.mrz[0]?.angle;
  if (mrzAngle === undefined) return;
  const sides: Quad[] = analysis.mrz.map((reading) => {
    const { rect, pxPerMm } = mrzSideRect(reading.parsed.format, reading.frame);
    const margin = SIDE_MARGIN_MM * pxPerMm;
    return orientedRectQuad(growOrientedRect(rect, margin, margin));
  });
  const onSides = (quad: Quad): boolean => sides.some((side) => quadContains(side, quadCenter(quad)));
  const elsewhere = analysis.words.filter((w) => !onSides(w.quad));
  if (elsewhere.length < MIN_WORDS_ELSEWHERE) return;
  const readThisWay = legibility(elsewhere);
  if (readThisWay >= CONFIDENT_READING) return;

  const page = analysis.page;
  const blanked: PageImage = {
    ...page,
    rgb: coverRegions(
      page,
      sides.map((quad) => ({
        kind: 'manual',
        page: page.index,
        box: quadBounds(quad),
        quad,
        confidence: 1,
        reason: 'the side already analysed',
        detector: 'other-documents',
      })),
      [255, 255, 255],
    ),
  };
  const gray = rgbToGray(blanked.rgb, blanked.width, blanked.height);
  // The MRZs stay known to the read: they give the documents' scale.
  const blankedAnalysis: PageAnalysis = {
    page: blanked,
    gray,
    mrz: analysis.mrz,
    regions: [],
    words: [],
    warnings: [],
  };
  const across = (analysis.textDirections ?? []).filter((d) => axisDistance(d, mrzAngle) >= OTHER_AXIS_DEG);
  const otherWays = [mrzAngle + 180, ...across.slice(0, 1).flatMap((d) => [d, d + 180])];
  let readsOtherwise = false;
  for (const angle of otherWays) {
    const { words } = await readInFrame(blankedAnalysis, ocr, angle);
    const readThere = legibility(words);
    // A few clean words (the Latvian booklet photo's "machine readable zone", read sideways) are not a document.
    const enough = cleanWords(words).length >= MIN_WORDS_ELSEWHERE;
    if (enough && readThere >= CONFIDENT_READING && readThere > readThisWay) {
      readsOtherwise = true;
      break;
    }
  }
  if (!readsOtherwise) return;
  const rest = await analyse(blanked, gray);
  const note = '; on another document on the page, read the way its own text runs';
  // A cover the page's own analysis already made (the other document's photo, seen the MRZ's way up) is not listed twice.
  const fresh = rest.regions.filter((r) => !analysis.regions.some((o) => o.kind === r.kind && sameBox(o.box, r.box)));
  analysis.regions.push(...fresh.map((r) => ({ ...r, reason: r.reason + note })));
  analysis.mrz.push(...rest.mrz);
  analysis.warnings.push(...rest.warnings.filter((w) => !analysis.warnings.includes(w)));
}

/** Two boxes within a pixel of each other on every side. */
function sameBox(a: Box, b: Box): boolean {
  return (
    Math.abs(a.x - b.x) <= 1 &&
    Math.abs(a.y - b.y) <= 1 &&
    Math.abs(a.x + a.width - (b.x + b.width)) <= 1 &&
    Math.abs(a.y + a.height - (b.y + b.height)) <= 1
  );
}
