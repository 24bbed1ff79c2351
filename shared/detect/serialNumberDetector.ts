import { boxesOverlap } from '../geometry.js';
import { coveredByRegions } from '../regions.js';
import type { Detector, PageAnalysis } from './types.js';
import { compactValue, SpanCovers, wordSpans, type WordSpan } from './textSpans.js';
import { containsDigitGroupDate, isEightDigitDate, readsAsDate, wordsOfDates } from './dateShapes.js';

/** A serial number has at least this many digits (a date printed with a month name has at most six). */
const MIN_SERIAL_DIGITS = 7;
/** ... and at most this many letters (series prefixes such as "PA", "X", "IDD"). */
const MAX_SERIAL_LETTERS = 3;
const MAX_SERIAL_LENGTH = 12;
/** Another word closer than this many text heights belongs to the same printed field. */
const FIELD_GAP_HEIGHTS = 1.5;

/**
 * Whether a printed value has the shape of a serial number: mostly digits and
 * not a date. `printed` is the text as read, separators included.
 */
export function looksLikeSerialNumber(printed: string): boolean {
  // A date with its month's name misread ("19-0CT 1981") has seven digits too.
  if (containsDigitGroupDate(printed) || readsAsDate(printed)) return false;
  const compact = compactValue(printed);
  if (compact.length < MIN_SERIAL_DIGITS || compact.length > MAX_SERIAL_LENGTH) return false;
  const digits = compact.replace(/[^0-9]/g, '');
  if (digits.length < MIN_SERIAL_DIGITS || compact.length - digits.length > MAX_SERIAL_LETTERS) return false;
  return !(digits.length === compact.length && isEightDigitDate(compact));
}

/**
 * The span is a whole printed field: no other word sits right before or after it
 * on its line. Words are compared pair by pair, not through printedLines, whose
 * lines follow a running centre: tried, and the Turkish card's number (an OCR box
 * twice the text's height) was then no longer taken for a whole field. A word
 * overlapping the span's own is no neighbour: a read of the same print in another
 * rendering ("SEERY" read across a 110-dpi card's "938471679" with the coloured
 * background faded), or a label OCR boxed in with the number (a box two lines high).
 */
function isWholeField(span: WordSpan, spans: readonly WordSpan[]): boolean {
  const box = span.upright;
  const gap = box.height * FIELD_GAP_HEIGHTS;
  return !spans.some((other) => {
    if (other.words.length !== 1 || span.words.includes(other.words[0]!)) return false;
    if (span.words.some((w) => boxesOverlap(w.upright, other.upright))) return false;
    const b = other.upright;
    const sameLine = Math.abs(b.y + b.height / 2 - (box.y + box.height / 2)) < Math.min(b.height, box.height) / 2;
    const near = b.x < box.x + box.width + gap && b.x + b.width > box.x - gap;
    return sameLine && near;
  });
}

/**
 * Every word of the span with a digit in it lies wholly under covers already (a
 * word of another read beside a covered number may make a longer span of it).
 * A cover that only cuts into a number (a ghost zone over its first digit) leaves it to this detector.
 */
function alreadyCovered(analysis: PageAnalysis, span: WordSpan): boolean {
  return span.words.filter((w) => /[0-9]/.test(w.text)).every((w) => coveredByRegions(w.quad, analysis.regions));
}

/** The page shows an MRZ or a portrait: a lone number on it is a document's. */
export function isIdPage(analysis: PageAnalysis): boolean {
  return analysis.mrz.length > 0 || analysis.regions.some((r) => r.kind === 'portrait');
}

/**
 * Covers numbers printed alone, without a label, on an ID page: the serial
 * number of a visa foil or a passport booklet is often printed so (in red, in a
 * corner) and identifies the document as much as the document number does.
 * Runs last, so that anything another detector explained is left to it; only
 * on pages that show an MRZ or a portrait, where a lone number is a document's.
 */
export const serialNumberDetector: Detector = {
  name: 'serial-number',
  async detect(analysis) {
    const frame = analysis.textFrame;
    if (!frame) return;
    if (!isIdPage(analysis)) return;
    const spans = wordSpans(analysis.words, 2);
    const dates = wordsOfDates(analysis.words);
    const found = new SpanCovers(frame, analysis.words);
    for (const span of spans) {
      const printed = span.words.map((w) => w.text).join(' ');
      if (span.words.some((w) => dates.has(w))) continue;
      if (!looksLikeSerialNumber(printed) || !isWholeField(span, spans)) continue;
      if (alreadyCovered(analysis, span)) continue;
      found.add(
        span,
        0.5,
        `an unlabelled ${span.compact.length}-character number printed alone (serial numbers such as a visa foil's are printed so); covered because it may identify the document`,
      );
    }
    analysis.regions.push(...found.regions('document_number', analysis.page.index, 'serial-number'));
  },
};
