import {
  boxesOverlap,
  orientedRectQuad,
  quadBounds,
  quadCenter,
  quadContains,
  type OrientedRect,
  type Point,
} from '../geometry.js';
import {
  binarizeLocal,
  colourFadedGray,
  darkestChannelGray,
  inkBounds,
  minDownscaleGray,
  stretchContrast,
  type GrayImage,
} from '../image/gray.js';
import { keepDarkestInk } from '../image/darkInk.js';
import { extractOrientedRect } from '../image/warp.js';
import { MRZ_PITCH_MM } from '../layout/icao.js';
import type { MrzFormat } from '../mrz/formats.js';
import { hasLabelledDocumentNumber, spansReadingAsMrzNumber } from './documentNumberDetector.js';
import { hasLabelledPersonalNumber, spansReadingAsMrzPersonalNumber } from './personalNumberDetector.js';
import { framePoint, frameQuad, pageInFrame, pointInFrame, type TextFrame, type VizWord } from './textFrame.js';
import { compactValue, wordSpans } from './textSpans.js';
import { nearestTextDirection } from './textTilt.js';
import type { Detector, DetectorTools, PageAnalysis } from './types.js';

/** Pages are read at no more than this (longest side): ID text stays legible and OCR time halves. */
const OCR_MAX_SIDE = 2200;
const OCR_MIN_SIDE = 1200;
/**
 * Printed text is read at no more than this many pixels per document millimetre
 * (about 200 dpi), which is what the rule above gives a 300-dpi A4 scan.
 * Measured on a phone photo whose straightened page came out at 16 px/mm: OCR
 * 0.81 -> 0.53 s; bench:accuracy's generated and specimen tables unchanged.
 */
const OCR_PIXELS_PER_MM = 8;

/**
 * Which way the page's text runs, degrees clockwise from +x: the MRZ's angle
 * when one was read; otherwise the quarter turn that made the portrait
 * upright, refined to the nearest direction of the page's text lines (skew).
 */
function readingAngle(analysis: PageAnalysis): number {
  if (analysis.mrz[0]) return analysis.mrz[0].angle;
  return nearestTextDirection(analysis.textDirections, (analysis.uprightTurns ?? 0) * 90);
}

/**
 * Reads the page's printed words (LSTM engine), in the text frame the MRZ
 * gives (upright and deskewed), for the number detectors that follow: once,
 * or twice where the first read leaves the layout in doubt (see below).
 */
export const vizTextReader: Detector = {
  name: 'viz-text',
  async detect(analysis, { ocr }) {
    let angle = readingAngle(analysis);
    let reading = await readInFrame(analysis, ocr, angle);
    // Without an MRZ, up and down are a guess (faces and text lines say "this axis", not "this
    // way up"): if the text reads badly, read it the other way up and keep the better.
    if (analysis.mrz.length === 0 && legibility(reading.words) < CONFIDENT_READING) {
      const flipped = await readInFrame(analysis, ocr, angle + 180);
      if (legibility(flipped.words) > legibility(reading.words)) [reading, angle] = [flipped, angle + 180];
    }
    // The first read leaves out the lines of MRZs read with valid check digits (see
    // blankReadMrzLines). Without them a busy page may be laid out otherwise: where the MRZ's
    // optional data (a personal number) was not read in the visual zone, read the page again with
    // its MRZ lines in and keep the words of both reads (the Zimbabwe specimen's label "identity
    // number" on pink was read with the lines and not without).
    if (missesPersonalNumber(analysis, reading.words)) {
      // Its words come first, whole, so that its lines (labels) are not broken up by the first read's.
      reading = withWordsOf(await readInFrame(analysis, ocr, angle, { withMrzLines: true }), reading, atSamePlace);
    }
    // A data page prints its MRZ's document number in the visual zone too: when no read saw it,
    // clutter (wood grain, a phone's screen furniture) may have thrown the page layout analysis.
    // Read again from a locally binarised copy and keep the words of both reads.
    if (missesPrintedNumber(analysis, reading.words)) {
      reading = withWordsOf(reading, await readInFrame(analysis, ocr, angle, { binarise: true }), sameWord);
    }
    // A document without an MRZ (a card's front, a driving licence) names no number to look for,
    // but prints its document number, and often a personal number, after a label: where a photo
    // says it is a document and no read found both, a guilloche may hide one with its label (a
    // card printing no personal number is read again for nothing: 0.2-0.8 s measured). Read again with the
    // coloured inks faded (see colourFadedGray), and with only the darkest print kept in each
    // pixel's darkest channel (a grey guilloche, a red number: see keepDarkestInk; blue-grey
    // labels stay), keeping the words of every read: one may read only part of the number
    // (measured on a generated card upside down on grey: the faded read gave a piece, the other
    // all of it).
    if (
      analysis.mrz.length === 0 &&
      analysis.regions.some((r) => r.kind === 'portrait') &&
      !(hasLabelledDocumentNumber(reading.words) && hasLabelledPersonalNumber(reading.words))
    ) {
      for (const { ink, foundBy } of NO_MRZ_REREADS) {
        const again = await readInFrame(analysis, ocr, angle, { ink });
        reading = withWordsOf(reading, { ...again, words: again.words.map((w) => ({ ...w, foundBy })) }, sameWord);
      }
    }
    analysis.textFrame = reading.frame;
    analysis.words = reading.words;
  },
};

/** How a page is rendered for OCR: its grey pixels, or a copy with its coloured inks faded, or with only its darkest print. */
export type InkRendering = 'grey' | 'colourFaded' | 'darkest';

/** The reads of a document without an MRZ that follow the first where it read no labelled document number or no labelled personal number. */
const NO_MRZ_REREADS: readonly { ink: InkRendering; foundBy: string }[] = [
  { ink: 'colourFaded', foundBy: 'read again with the coloured background faded' },
  { ink: 'darkest', foundBy: 'read again with only the darkest print kept' },
];

/** MRZ formats of data pages, which print the document number in the visual zone as well (TD1 cards: on the front). */
export const NUMBER_IN_VISUAL_ZONE: ReadonlySet<MrzFormat> = new Set<MrzFormat>([
  'TD3',
  'TD2',
  'MRV-A',
  'MRV-B',
  'FRENCH_NATIONAL_ID',
]);

/** Those of `words` printed outside the page's MRZs: the visual zone's. */
export function visualZoneWords(analysis: PageAnalysis, words: readonly VizWord[] = analysis.words): VizWord[] {
  const zones = analysis.mrz.map((m) => m.zoneQuad);
  return words.filter((w) => !zones.some((z) => quadContains(z, quadCenter(w.quad))));
}

/** The page's MRZ names a document number its visual zone prints, and none of `words` outside the MRZ reads as it. */
function missesPrintedNumber(analysis: PageAnalysis, words: readonly VizWord[]): boolean {
  const spans = wordSpans(visualZoneWords(analysis, words), 3);
  return analysis.mrz.some(
    (reading) =>
      NUMBER_IN_VISUAL_ZONE.has(reading.parsed.format) &&
      compactValue(reading.parsed.fields.documentNumber).length >= 5 &&
      spansReadingAsMrzNumber([reading], spans).length === 0,
  );
}

type Reading = { frame: TextFrame; words: VizWord[] };

/** A word of another read at the place of a word of this one is that word, read again. */
const atSamePlace = (a: VizWord, b: VizWord): boolean => boxesOverlap(a.upright, b.upright);
/** ... only when it reads the same (a read that differs is kept beside it). */
const sameWord = (a: VizWord, b: VizWord): boolean => a.text === b.text && atSamePlace(a, b);

/** The words of `base` and those of `other` that are none of them (`same` says when two are the same). */
function withWordsOf(base: Reading, other: Reading, same: (a: VizWord, b: VizWord) => boolean): Reading {
  const lines = Math.max(0, ...base.words.map((w) => w.line + 1));
  const added = other.words.filter((w) => !base.words.some((b) => same(b, w)));
  return { frame: base.frame, words: [...base.words, ...added.map((w) => ({ ...w, line: w.line + lines }))] };
}

/**
 * The page's MRZ holds a personal number that none of `words` outside the MRZ
 * reads as: optional data of six or more characters (fillers aside) on line 2
 * of a 44-character MRZ, which ICAO 9303 names "personal number or other
 * optional data" (TD3) and which visas fill likewise. The shorter formats'
 * optional data (TD2's seven characters, a card's) is often not printed at
 * all, and a page would be read twice for nothing (measured: every generated
 * TD2 page).
 */
function missesPersonalNumber(analysis: PageAnalysis, words: readonly VizWord[]): boolean {
  const named = analysis.mrz.some(
    (reading) =>
      PERSONAL_NUMBER_FORMATS.has(reading.parsed.format) &&
      reading.parsed.fields.optionalFields.some((f) => f.replace(/</g, '').length >= MIN_PERSONAL_NUMBER_LENGTH),
  );
  return (
    named && spansReadingAsMrzPersonalNumber(analysis.mrz, wordSpans(visualZoneWords(analysis, words), 5)).length === 0
  );
}

/** MRZ formats whose optional data ICAO 9303 names "personal number or other optional data" (TD3), or that visas fill likewise. */
export const PERSONAL_NUMBER_FORMATS: ReadonlySet<MrzFormat> = new Set<MrzFormat>(['TD3', 'MRV-A']);
const MIN_PERSONAL_NUMBER_LENGTH = 6;

/** A reading at least this legible (see legibility) is taken as the page's right way up. */
export const CONFIDENT_READING = 80;

/** The words that read as one clean word of three or more letters or digits. */
export function cleanWords(words: readonly VizWord[]): VizWord[] {
  return words.filter((w) => /^[\p{L}\p{N}.,/-]{3,}$/u.test(w.text));
}

/** Mean OCR confidence of the clean words (see cleanWords), plus a point a word (up to ten). */
export function legibility(words: readonly VizWord[]): number {
  const real = cleanWords(words);
  if (real.length === 0) return 0;
  return real.reduce((s, w) => s + w.confidence, 0) / real.length + Math.min(10, real.length);
}

/** A binarised copy judges each pixel against this neighbourhood (OCR pixels) and margin of darkness. */
const BINARISE = { radius: 24, offset: 10 };

/**
 * The page's printed words (LSTM engine), read with the page turned so that
 * text running at `angle` degrees reads left to right, only where there is ink;
 * boxes both in that frame (`upright`) and on the page. `binarise`: read a
 * locally binarised copy; `ink`: how the page's pixels are rendered (see
 * InkRendering, colourFadedGray, keepDarkestInk); `withMrzLines`: keep the lines of MRZs
 * already read.
 */
export async function readInFrame(
  analysis: PageAnalysis,
  ocr: DetectorTools['ocr'],
  angle: number,
  {
    binarise = false,
    ink = 'grey',
    withMrzLines = binarise,
  }: { binarise?: boolean; ink?: InkRendering; withMrzLines?: boolean } = {},
): Promise<Reading> {
  const page = pageInFrame(analysis.page, angle);
  const longest = Math.max(page.length, page.thickness);
  // Small copies (phone screenshots, 600-pixel scans) are read at twice their size.
  let scale = longest < OCR_MIN_SIDE ? 2 : Math.min(1, OCR_MAX_SIDE / longest);
  // The MRZ gives the document's scale: a sharper copy than OCR_PIXELS_PER_MM is read reduced to it.
  const pitch = analysis.mrz[0]?.frame.pitch;
  if (pitch) scale = Math.min(scale, (OCR_PIXELS_PER_MM * MRZ_PITCH_MM) / pitch);
  const frame: TextFrame = { origin: page.origin, u: page.u, v: page.v };
  // Only where there is ink: a passport on an A4 scan is a fifth of the page, and OCR time
  // follows the area it is given (and so does turning the page into the frame).
  const rect = inkRect(analysis.gray, page);
  const stretched = stretchContrast(pagePart(analysis, rect.within, scale, ink));
  if (!withMrzLines) blankReadMrzLines(stretched, analysis, frame, rect.at, scale);
  const upright = binarise ? binarizeLocal(stretched, BINARISE.radius, BINARISE.offset) : stretched;
  const words = (await ocr.readWords(upright)).map((w) => {
    const box = {
      x: w.bbox.x0 / scale + rect.at.x,
      y: w.bbox.y0 / scale + rect.at.y,
      width: (w.bbox.x1 - w.bbox.x0) / scale,
      height: (w.bbox.y1 - w.bbox.y0) / scale,
    };
    const quad = frameQuad(frame, box);
    return { text: w.text, upright: box, quad, box: quadBounds(quad), line: w.line, confidence: w.confidence };
  });
  return { frame, words };
}

/** The part `rect` of the page at `scale`, rendered as `ink` says. */
function pagePart(analysis: PageAnalysis, rect: OrientedRect, scale: number, ink: InkRendering): GrayImage {
  if (ink === 'grey') return extractOrientedRect(analysis.gray, rect, scale);
  const { page } = analysis;
  const bounds = quadBounds(orientedRectQuad(rect));
  const channel = ink === 'colourFaded' ? colourFadedGray : darkestChannelGray;
  const { gray, at } = channel(page.rgb, page.width, page.height, bounds);
  const part = extractOrientedRect(
    gray,
    { ...rect, origin: { x: rect.origin.x - at.x, y: rect.origin.y - at.y } },
    scale,
  );
  return ink === 'darkest' ? keepDarkestInk(stretchContrast(part)) : part;
}

/**
 * Paints white, in the image OCR is about to read, the lines of every MRZ that
 * was read with all check digits valid: their words are the MRZ reader's, not
 * the visual zone's, and OCR time follows the text it is given (measured: the
 * read 0.50 -> 0.34 s on an A4 scan of a TD3 page). An MRZ whose check digits
 * failed is read again from these words (mrzSecondRead), so it is left in.
 * Line quads lie inside the MRZ's zone, whose words no detector of the visual
 * zone takes, so no word of the visual zone is painted out (though Tesseract
 * may then lay the rest of a busy page out otherwise: see vizTextReader).
 */
function blankReadMrzLines(image: GrayImage, analysis: PageAnalysis, frame: TextFrame, at: Point, scale: number): void {
  for (const reading of analysis.mrz) {
    if (!reading.parsed.allChecksValid) continue;
    for (const quad of reading.lineQuads) {
      const b = quadBounds(quad.map((p) => pointInFrame(frame, p)));
      const x0 = Math.max(0, Math.floor((b.x - at.x) * scale));
      const y0 = Math.max(0, Math.floor((b.y - at.y) * scale));
      const x1 = Math.min(image.width, Math.ceil((b.x + b.width - at.x) * scale));
      const y1 = Math.min(image.height, Math.ceil((b.y + b.height - at.y) * scale));
      for (let y = y0; y < y1; y++) image.data.fill(255, y * image.width + x0, y * image.width + Math.max(x0, x1));
    }
  }
}

/** A page is scanned for ink on a copy this many times smaller. */
const INK_PREVIEW_FACTOR = 4;

/**
 * The part of the page (seen in the frame `page`) that holds ink: found on a
 * small copy that keeps every block's darkest pixel, then grown by a margin.
 * `at` is its top-left corner in frame units (page pixels).
 */
function inkRect(gray: GrayImage, page: OrientedRect): { within: OrientedRect; at: Point } {
  const f = INK_PREVIEW_FACTOR;
  const preview = minDownscaleGray(gray, f);
  const small = {
    ...page,
    origin: { x: page.origin.x / f, y: page.origin.y / f },
    length: page.length / f,
    thickness: page.thickness / f,
  };
  const ink = inkBounds(stretchContrast(extractOrientedRect(preview, small, 1)), 128, 1, 2);
  if (!ink) return { within: page, at: { x: 0, y: 0 } };
  const a0 = Math.max(0, ink.x * f - INK_MARGIN);
  const b0 = Math.max(0, ink.y * f - INK_MARGIN);
  const a1 = Math.min(page.length, (ink.x + ink.width) * f + INK_MARGIN);
  const b1 = Math.min(page.thickness, (ink.y + ink.height) * f + INK_MARGIN);
  return {
    within: {
      origin: framePoint(page, { x: a0, y: b0 }),
      u: page.u,
      v: page.v,
      length: a1 - a0,
      thickness: b1 - b0,
    },
    at: { x: a0, y: b0 },
  };
}

/** Page pixels of margin around the ink, so that no glyph's edge is cut. */
const INK_MARGIN = 16;
