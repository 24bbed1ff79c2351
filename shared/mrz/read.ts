import {
  degreesOf,
  growOrientedRect,
  orientedRectQuad,
  quadBounds,
  quadContains,
  type Box,
  type OrientedRect,
  type Point,
  type Quad,
} from '../geometry.js';
import { binarizeLocal, type GrayImage } from '../image/gray.js';
import { extractOrientedRect, rotate180 } from '../image/warp.js';
import type { OcrLine, OcrService } from '../ocr/service.js';
import { FORMATS } from './formats.js';
import { locateMrzCandidates, median, type MrzCandidate, type PageLayout } from './locate.js';
import { EXPECTED_CODE, parseMrz, score, type ParsedMrz } from './parse.js';
import type { ShapeHints } from './repair.js';

/** An MRZ found on a page: what it says and where it is. */
export interface MrzReading {
  parsed: ParsedMrz;
  /**
   * Other readings of the same lines with more check digits valid (see
   * detect/mrzSecondRead): their numbers are looked for in the visual zone too.
   */
  alternatives?: ParsedMrz[];
  /**
   * Readings of the same lines whose personal-number field holds its own check
   * digit, whatever the other fields do (see detect/mrzSecondRead): only their
   * personal numbers are looked for in the visual zone, not their other fields.
   */
  personalNumberReads?: ParsedMrz[];
  /** One quad per MRZ line, page pixels, with a margin of half a character. */
  lineQuads: Quad[];
  lineBoxes: Box[];
  /** The whole zone with a safety margin, page pixels. */
  zoneQuad: Quad;
  zoneBox: Box;
  /** Height of one MRZ character in page pixels. */
  charHeight: number;
  /** Text direction in degrees, clockwise from the page's x axis (0 = upright). */
  angle: number;
  /**
   * The MRZ's own frame in page pixels: `origin` is the top-left of line 1's
   * first character, `u` runs along the lines and `v` down across them, and
   * `pitch` is one character's advance (2.54 mm on every ICAO document), so
   * the document's layout can be placed from it.
   */
  frame: MrzFrame;
}

export interface MrzFrame {
  origin: Point;
  u: Point;
  v: Point;
  pitch: number;
}

/** OCR reads best with capital letters about this many pixels high. */
const OCR_GLYPH_PX = 34;
/** How many candidate blocks a page may cost OCR time. */
const MAX_CANDIDATES = 6;

interface Attempt {
  parsed: ParsedMrz;
  lines: OcrLine[];
  crop: GrayImage;
  flipped: boolean;
}

/** What a reading says: its own parse, then any better-checking alternatives. */
export function parsesOf(reading: MrzReading): ParsedMrz[] {
  return [reading.parsed, ...(reading.alternatives ?? [])];
}

/**
 * A block shaped like an MRZ (parallel lines of evenly pitched glyphs with
 * fillers) that OCR could not read: covered all the same, to be safe.
 */
export interface UnreadableMrz {
  zoneQuad: Quad;
  zoneBox: Box;
  lineCount: number;
}

export interface PageMrzResult {
  readings: MrzReading[];
  unreadable: UnreadableMrz[];
  /** The page's text directions (degrees, modulo 180), MRZ or not: see PageLayout. */
  textDirections: number[];
}

/**
 * The blocks of a page worth reading as MRZs (two or more chained lines, or one
 * long one), most likely first: found without OCR, so a caller can tell where
 * MRZs may be before paying for their read.
 */
export function mrzBlocks(layout: PageLayout): MrzCandidate[] {
  return layout.candidates
    .filter((c) => c.chains.length >= 2 || c.chains[0]!.glyphs.length >= 24)
    .slice(0, MAX_CANDIDATES);
}

/** Finds and reads every MRZ on a page (`layout`: the page's, when already located). */
export async function readMrzs(
  page: GrayImage,
  ocr: OcrService,
  layout: PageLayout = locateMrzCandidates(page),
): Promise<PageMrzResult> {
  const result: PageMrzResult = { readings: [], unreadable: [], textDirections: layout.textDirections };
  for (const candidate of mrzBlocks(layout)) {
    const center = rectCenter(candidate.rect);
    const zones = [...result.readings, ...result.unreadable].map((r) => r.zoneQuad);
    if (zones.some((zone) => quadContains(zone, center))) continue;
    const outcome = await readCandidate(page, candidate, ocr);
    if (outcome && 'parsed' in outcome) result.readings.push(outcome);
    else if (outcome) result.unreadable.push(outcome);
  }
  return result;
}

async function readCandidate(
  page: GrayImage,
  candidate: MrzCandidate,
  ocr: OcrService,
): Promise<MrzReading | UnreadableMrz | undefined> {
  const g = candidate.glyphSize;
  // A lone chain may be one line of an MRZ whose other lines did not chain up: look around it.
  const across = candidate.chains.length >= 2 ? g * 0.9 : g * 2.4;
  // Glyphs that touch (P< at a line's start) may drop out of the chain: reach a few characters past its ends.
  const chain = candidate.chains[0]!;
  const pitch = (chain.alongMax - chain.alongMin - g) / Math.max(1, chain.glyphs.length - 1);
  const rect = growOrientedRect(candidate.rect, Math.max(g * 1.5, pitch * 4), across);
  const scale = OCR_GLYPH_PX / g;
  const upright = extractOrientedRect(page, rect, scale);
  // Glare and grey photos: read a locally binarised copy when the plain one fails.
  const variants = [() => upright, () => binarizeLocal(upright, Math.round(OCR_GLYPH_PX * 0.6), 8)];

  let best: Attempt | undefined;
  let fillersSeen = 0;
  attempts: for (const variant of variants) {
    const image = variant();
    for (const flipped of [false, true]) {
      const crop = flipped ? rotate180(image) : image;
      const read = await ocr.readMrzText(crop);
      fillersSeen = Math.max(
        fillersSeen,
        read
          .map((l) => l.text)
          .join('')
          .split('<').length - 1,
      );
      const lines = read.filter((l) => l.text.length >= 20);
      const parsed = lines.length >= 2 ? parseLines(lines, crop.width) : undefined;
      if (parsed && looksLikeMrz(parsed, lines) && (!best || rank(parsed) > rank(best.parsed))) {
        best = { parsed, lines, crop, flipped };
      }
      if (best && convincing(best.parsed)) break attempts;
    }
  }
  if (best) return placeReading(best, rect, scale);
  return unreadableBlock(candidate, fillersSeen);
}

/** Evenly pitched lines of MRZ length with fillers read: an MRZ (or what is left of one) OCR could not read. */
function unreadableBlock(candidate: MrzCandidate, fillersSeen: number): UnreadableMrz | undefined {
  const lines = candidate.chains;
  // Two or three lines (part of each may be hidden), or one long line left visible on its own
  // (a box that hid only the other lines): MRZ characters all the same.
  const block = lines.length >= 2 && lines.some((c) => c.glyphs.length >= 16) && fillersSeen >= 6;
  const loneLine = lines.length === 1 && lines[0]!.glyphs.length >= 28 && fillersSeen >= 3;
  if (!block && !loneLine) return undefined;
  // Glare or shadow may hide part of each line: cover the whole length an MRZ
  // may have (44 characters) on either side of what was seen.
  const pitch = median(lines.map((c) => (c.alongMax - c.alongMin) / c.glyphs.length));
  const seen = Math.min(...lines.map((c) => c.glyphs.length));
  // Two lines seen may be two of a card's three: a line's spacing more on either side covers the
  // third wherever it is (a card back upside down showed its names line, not chained, beside the
  // cover of the other two).
  const spacing = lines.length === 2 ? Math.abs(lines[0]!.across - lines[1]!.across) : 0;
  const zone = growOrientedRect(candidate.rect, Math.max(1, 44 - seen) * pitch, candidate.glyphSize * 0.6 + spacing);
  const zoneQuad = orientedRectQuad(zone);
  return { zoneQuad, zoneBox: quadBounds(zoneQuad), lineCount: lines.length };
}

const rank = score;

/** So sure that the other orientation need not be tried. */
function convincing(p: ParsedMrz): boolean {
  const characters = p.lines.join('').length;
  return p.allChecksValid && EXPECTED_CODE[p.format].test(p.lines[0] ?? '') && p.corrections <= characters * 0.1;
}

/**
 * Text of this shape is an MRZ and must be covered even when check digits
 * fail: OCR read lines of about the layout's length holding fillers, or some
 * check digit agrees (chance alone makes one of five agree half the time, so
 * that needs fillers too).
 */
function looksLikeMrz(p: ParsedMrz, lines: OcrLine[]): boolean {
  const read = lines.slice(-p.lines.length).map((l) => l.text);
  const expected = FORMATS[p.format].lineLength;
  const fillers = read.join('').split('<').length - 1;
  const lengthFits = read.every((l) => Math.abs(l.length - expected) <= expected * 0.15);
  const valid = p.checks.filter((c) => c.valid).length;
  // Garbage made to fit by many corrections is no evidence.
  if (p.corrections > p.lines.join('').length * 0.25) return false;
  if (p.allChecksValid) return true;
  return lengthFits && fillers >= 4 && (valid >= 2 || fillers >= 10);
}

/**
 * Parses OCR lines twice, as read and re-aligned to the MRZ's fixed pitch
 * (OCR drops or merges characters in filler runs; symbol positions tell
 * where each character really stands), and keeps the better reading.
 */
function parseLines(lines: OcrLine[], cropWidth: number): ParsedMrz | undefined {
  const mrzLines = lines.slice(-3);
  const shapes = shapeHints(mrzLines);
  const asRead = parseTrimmed(
    mrzLines.map((l) => l.symbols.map((s) => s.text).join('')),
    shapes.map((line) => line.map((s) => s.shape)),
  );
  if (!asRead) return undefined;
  const length = FORMATS[asRead.format].lineLength;
  const left = Math.min(...mrzLines.map((l) => l.symbols[0]?.x0 ?? l.bbox.x0));
  const right = Math.max(...mrzLines.map((l) => l.symbols[l.symbols.length - 1]?.x1 ?? l.bbox.x1));
  if (right - left < cropWidth * 0.3) return asRead;
  const pitch = (right - left) / length;
  const cellShapes: ShapeHints = [];
  const aligned = mrzLines.map((line, row) => {
    const cells: { ch: string; confidence: number; shape?: 'digit' | 'letter' }[] = Array.from({ length }, () => ({
      ch: '',
      confidence: -1,
    }));
    line.symbols.forEach((s, index) => {
      const from = Math.min(length - 1, Math.max(0, Math.round((s.x0 - left) / pitch)));
      const to = Math.min(length - 1, Math.max(from, Math.round((s.x1 - left) / pitch) - 1));
      // A filler symbol may stand for a run of fillers OCR merged into one.
      for (let k = from; k <= (s.text === '<' ? to : from); k++) {
        if (s.confidence > cells[k]!.confidence)
          cells[k] = { ch: s.text, confidence: s.confidence, shape: shapes[row]![index]!.shape };
      }
    });
    cellShapes.push(cells.map((c) => c.shape));
    return cells.map((c) => c.ch || '<').join('');
  });
  const realigned = parseMrz(aligned, cellShapes);
  if (!realigned) return asRead;
  return rank(realigned) > rank(asRead) ? realigned : asRead;
}

/**
 * OCR sometimes reads a speck at either end of a line as a character. When
 * lines come out one too long, also try them without their first or last
 * character (with the shape hints shifted alike) and keep the best parse.
 */
function parseTrimmed(lines: string[], hints: ShapeHints): ParsedMrz | undefined {
  const plain = parseMrz(lines, hints);
  if (!plain) return undefined;
  const length = FORMATS[plain.format].lineLength;
  let best = plain;
  for (const cut of ['first', 'last'] as const) {
    const trimmed = lines.map((l) => (l.length === length + 1 ? (cut === 'first' ? l.slice(1) : l.slice(0, -1)) : l));
    const trimmedHints = lines.map((l, i) =>
      l.length === length + 1 ? (cut === 'first' ? hints[i]?.slice(1) : hints[i]?.slice(0, -1)) : hints[i],
    );
    const candidate = parseMrz(trimmed, trimmedHints);
    if (candidate && rank(candidate) > rank(best)) best = candidate;
  }
  return best;
}

/**
 * Digit or letter, judged from each glyph's height: OCR-B digits are about 8 %
 * taller than capitals. Only said where the two heights are told apart clearly.
 */
function shapeHints(lines: OcrLine[]): { shape: 'digit' | 'letter' | undefined }[][] {
  const symbols = lines.flatMap((l) => l.symbols);
  const height = (s: OcrLine['symbols'][number]): number => s.y1 - s.y0;
  // Glyphs OCR is sure of and that have no look-alike across the classes set the two heights.
  const digitHeight = median(symbols.filter((s) => /[34679]/.test(s.text)).map(height));
  const letterHeight = median(symbols.filter((s) => /[ACEFHKMNPRTUVWXY]/.test(s.text)).map(height));
  const separated =
    digitHeight > 0 && letterHeight > 0 && digitHeight - letterHeight >= Math.max(1.5, digitHeight * 0.04);
  return lines.map((line) =>
    line.symbols.map((s) => {
      if (!separated || s.text === '<') return { shape: undefined };
      const h = height(s);
      const threshold = (digitHeight + letterHeight) / 2;
      const margin = (digitHeight - letterHeight) / 4;
      return { shape: h >= threshold + margin ? 'digit' : h <= threshold - margin ? 'letter' : undefined };
    }),
  );
}

function placeReading(attempt: Attempt, rect: OrientedRect, scale: number): MrzReading {
  const { crop, lines, flipped } = attempt;
  const mrzLines = lines.slice(-attempt.parsed.lines.length);
  const toPage = (p: Point): Point => {
    const a = (flipped ? crop.width - p.x : p.x) / scale;
    const b = (flipped ? crop.height - p.y : p.y) / scale;
    return { x: rect.origin.x + rect.u.x * a + rect.v.x * b, y: rect.origin.y + rect.u.y * a + rect.v.y * b };
  };
  const charHeight = median(mrzLines.map((l) => l.bbox.y1 - l.bbox.y0)) || OCR_GLYPH_PX;
  const margin = charHeight / 2;
  // Every MRZ line runs the zone's full width, so the widest read line sets both ends.
  let left = Math.min(...mrzLines.map((l) => l.bbox.x0)) - charHeight;
  let right = Math.max(...mrzLines.map((l) => l.bbox.x1)) + charHeight;
  // If OCR saw fewer characters than the layout has (glare, a cut edge), the
  // unseen ones may be on either side: extend both ends by the shortfall.
  const pitches = mrzLines
    .flatMap((l) => l.symbols.slice(1).map((s, i) => s.x0 - l.symbols[i]!.x0))
    .filter((d) => d > 0);
  const pitch = median(pitches);
  const expected = FORMATS[attempt.parsed.format].lineLength * pitch + 2 * charHeight;
  if (pitch > 0 && right - left < expected) {
    const shortfall = expected - (right - left);
    left -= shortfall;
    right += shortfall;
  }
  const cropQuad = (x0: number, y0: number, x1: number, y1: number): Quad => [
    toPage({ x: x0, y: y0 }),
    toPage({ x: x1, y: y0 }),
    toPage({ x: x1, y: y1 }),
    toPage({ x: x0, y: y1 }),
  ];
  const lineQuads = mrzLines.map((l) => cropQuad(left, l.bbox.y0 - margin, right, l.bbox.y1 + margin));
  const top = Math.min(...mrzLines.map((l) => l.bbox.y0)) - charHeight;
  const bottom = Math.max(...mrzLines.map((l) => l.bbox.y1)) + charHeight;
  const zoneQuad = cropQuad(left - charHeight, top, right + charHeight, bottom);
  const angle = degreesOf(rect.u) + (flipped ? 180 : 0);
  const first = mrzLines[0]!;
  const origin = toPage({ x: Math.min(...mrzLines.map((l) => l.bbox.x0)), y: first.bbox.y0 });
  const unit = (to: Point): Point => {
    const d = { x: to.x - origin.x, y: to.y - origin.y };
    const n = Math.hypot(d.x, d.y) || 1;
    return { x: d.x / n, y: d.y / n };
  };
  const cropOrigin = { x: Math.min(...mrzLines.map((l) => l.bbox.x0)), y: first.bbox.y0 };
  const frame: MrzFrame = {
    origin,
    u: unit(toPage({ x: cropOrigin.x + 100, y: cropOrigin.y })),
    v: unit(toPage({ x: cropOrigin.x, y: cropOrigin.y + 100 })),
    pitch: (pitch > 0 ? pitch : (right - left) / FORMATS[attempt.parsed.format].lineLength) / scale,
  };
  return {
    frame,
    parsed: attempt.parsed,
    lineQuads,
    lineBoxes: lineQuads.map(quadBounds),
    zoneQuad,
    zoneBox: quadBounds(zoneQuad),
    charHeight: charHeight / scale,
    angle: ((angle % 360) + 360) % 360,
  };
}

function rectCenter(r: OrientedRect): Point {
  return {
    x: r.origin.x + r.u.x * (r.length / 2) + r.v.x * (r.thickness / 2),
    y: r.origin.y + r.u.y * (r.length / 2) + r.v.y * (r.thickness / 2),
  };
}
