import { boxesOverlap, overlapShare, quadBounds, unionBoxes, type Box, type Quad } from '../geometry.js';
import type { Region, RegionKind } from '../regions.js';
import { editDistance } from './printedMatch.js';
import { frameQuad, type TextFrame, type VizWord } from './textFrame.js';

/** Consecutive words of one line, read as one value (numbers are often printed in groups). */
export interface WordSpan {
  words: VizWord[];
  /** The words joined without spaces. */
  text: string;
  /** Letters and digits only, upper case: "1234.56.782" -> "123456782". */
  compact: string;
  /** Union of the words' boxes in the text frame. */
  upright: Box;
}

export function compactValue(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * Words grouped into the lines they are printed on, by where they sit: OCR
 * sometimes splits one printed line in two (an accent it misread lifts part of
 * a number off the baseline), and a number is only recognised whole.
 */
export function printedLines(words: readonly VizWord[]): VizWord[][] {
  const centre = (w: VizWord): number => w.upright.y + w.upright.height / 2;
  const lines: { words: VizWord[]; centre: number; height: number }[] = [];
  for (const w of [...words].sort((a, b) => centre(a) - centre(b))) {
    // Same line: centres closer than half the smaller height.
    const line = lines.find((l) => Math.abs(l.centre - centre(w)) <= Math.min(l.height, w.upright.height) / 2);
    if (line) {
      line.words.push(w);
      line.centre += (centre(w) - line.centre) / line.words.length;
      line.height = Math.max(line.height, w.upright.height);
    } else lines.push({ words: [w], centre: centre(w), height: w.upright.height });
  }
  return lines.map((l) => l.words);
}

/**
 * Every run of 1 to `maxWords` consecutive words on a printed line, left to
 * right. Two words that overlap over half the narrower one's width are two
 * reads of the same print, never one run: a 110-dpi card's "1964" and a second
 * read's "1964" of the same place made "19641964", taken for a serial number.
 * A run goes on past another read of one of its words, with either read: a
 * second read's "C" inside "15" had cut "15 FEB 2033" short, and "FEB 2033",
 * no date alone, was taken for a document number.
 */
export function wordSpans(words: readonly VizWord[], maxWords: number): WordSpan[] {
  const spans: WordSpan[] = [];
  const samePrint = (a: VizWord, b: VizWord): boolean => {
    const overlap =
      Math.min(a.upright.x + a.upright.width, b.upright.x + b.upright.width) - Math.max(a.upright.x, b.upright.x);
    return overlap > Math.min(a.upright.width, b.upright.width) / 2;
  };
  for (const line of printedLines(words)) {
    line.sort((a, b) => a.upright.x - b.upright.x);
    // Runs from the word at `last` on, each next word read once (one of its reads).
    const extend = (group: VizWord[], last: number): void => {
      const text = group.map((w) => w.text).join('');
      spans.push({ words: group, text, compact: compactValue(text), upright: unionBoxes(group.map((w) => w.upright)) });
      if (group.length === maxWords) return;
      const previous = line[last]!;
      for (let next = last + 1; next < line.length; next++) {
        const word = line[next]!;
        if (samePrint(word, previous)) continue;
        // Words passed over must be reads of the last word or of this one.
        if (!line.slice(last + 1, next).every((w) => samePrint(w, previous) || samePrint(w, word))) break;
        // Groups of one number sit close together; a wide gap starts another field.
        const height = Math.max(word.upright.height, ...group.map((w) => w.upright.height));
        if (word.upright.x - (previous.upright.x + previous.upright.width) > height * 1.5) break;
        extend([...group, word], next);
      }
    };
    for (let i = 0; i < line.length; i++) extend([line[i]!], i);
  }
  return spans;
}

/** A cover tight to printed text: its box grown by a third of the text height. */
export function textCover(box: Box): Box {
  const m = box.height / 3;
  return { x: box.x - m, y: box.y - m, width: box.width + 2 * m, height: box.height + 2 * m };
}

/**
 * The lines labels are looked for in: OCR's lines, where OCR split one printed
 * line in two, joined again (the second goes on at the first's right, on the
 * same row, after a gap no wider than a word space or two; measured: a
 * straightened phone photo's "Document No." came as two OCR lines, "Document"
 * and "No.", and the label was not found). Columns further apart stay apart.
 */
export function labelRows(words: readonly VizWord[]): VizWord[][] {
  const lines = ocrLines(words).sort((a, b) => a[0]!.upright.x - b[0]!.upright.x);
  const joined: VizWord[][] = [];
  for (const line of lines) {
    const first = line[0]!.upright;
    const before = joined.find((other) => {
      const last = other.at(-1)!.upright;
      const h = Math.max(first.height, last.height);
      const gap = first.x - (last.x + last.width);
      const sameRow = Math.abs(first.y + first.height / 2 - (last.y + last.height / 2)) < h / 2;
      return sameRow && gap > -h * 0.2 && gap < h * 1.5;
    });
    if (before) before.push(...line);
    else joined.push([...line]);
  }
  return joined;
}

/** The words of each line as OCR found it (one line number per line and read), left to right. */
export function ocrLines(words: readonly VizWord[]): VizWord[][] {
  const lines = new Map<number, VizWord[]>();
  for (const w of words) (lines.get(w.line) ?? lines.set(w.line, []).get(w.line)!).push(w);
  return [...lines.values()].map((line) => line.sort((a, b) => a.upright.x - b.upright.x));
}

/** A span printed as a label's value (see spansAfterLabels). */
export interface LabelledSpan {
  span: WordSpan;
  /** The label, as listed. */
  label: string;
  /** On the label's own line or the first line below it: where the value is printed, not a later field. */
  nearest: boolean;
  /** Where the label is printed (text frame): the same object for every span after one printed label. */
  labelBox: Box;
  /** How the label was read, where no read of the whole page found it (see VizWord.foundBy). */
  labelFoundBy?: string;
}

/**
 * Spans printed as the value of a label: later on the label's own line, or
 * on the next lines just below it. `labels` are lower-case phrases; with
 * `cutShort`, also read cut short (see findLabelAt).
 */
export function spansAfterLabels(
  words: readonly VizWord[],
  labels: readonly string[],
  maxWords: number,
  { cutShort = false }: { cutShort?: boolean } = {},
): LabelledSpan[] {
  const found: LabelledSpan[] = [];
  for (const line of labelRows(words)) {
    const match = labelInLine(line, labels, cutShort);
    if (!match) continue;
    const { label } = match;
    const labelStart = match.words[0]!.upright.x;
    // The label and what follows it: words before it on its line head another column. A label
    // read cut short was printed as wide as its whole text would be.
    const read = unionBoxes(line.filter((w) => w.upright.x >= labelStart).map((w) => w.upright));
    const labelBox = { ...read, width: read.width / (match.readShare ?? 1) };
    const h = Math.max(...line.map((w) => w.upright.height));
    const candidates = words.filter((w) => {
      // On the label's line, the words after it (a line that reads "Identifiant secondaire Numéro
      // de document" has the label of the next column's field, not the value of the first's).
      if (line.includes(w)) {
        return w.upright.x > labelStart && normaliseLabel(w.text).length > 0 && !label.includes(normaliseLabel(w.text));
      }
      const b = w.upright;
      // Below: from the label's middle down; or, for a word with digits (a number on a guilloche
      // that OCR boxed up over the label), centred below the label; or, for a word in capitals (a
      // blurred card's number read with letters for digits, its box swelled up over the label's
      // print), centred below the label's middle and reaching half a line past it. A word in
      // lower case so boxed is a read of the label itself.
      const labelBottom = labelBox.y + labelBox.height;
      const centre = b.y + b.height / 2;
      const top =
        b.y >= labelBox.y + labelBox.height * 0.5 ||
        (/[0-9].*[0-9]/.test(w.text) && centre >= labelBottom) ||
        (/^[A-Z0-9]{6,}$/.test(w.text) &&
          centre > labelBox.y + labelBox.height / 2 &&
          b.y + b.height >= labelBottom + h / 2);
      const below = top && b.y <= labelBox.y + labelBox.height + h * 3;
      const alongside = b.x + b.width >= labelBox.x - h * 2 && b.x <= labelBox.x + labelBox.width + h * 2;
      return below && alongside;
    });
    // The first line below, right under the label: its words' tops lie within half a line of the
    // highest top below, and within a line and a half of the label (not the next field's line
    // where the value's was left blank or blacked out). A speck read as a letter is no line (a
    // 2-pixel "A" just under a blurred card's label had put its value on a later line).
    const below = candidates.filter((w) => !line.includes(w) && w.upright.height >= h / 2);
    const firstTop = Math.min(...below.map((w) => w.upright.y));
    const nearest = (span: WordSpan): boolean =>
      span.words.every(
        (w) =>
          line.includes(w) ||
          (w.upright.y <= firstTop + h * 0.5 && w.upright.y <= labelBox.y + labelBox.height + h * 1.5),
      );
    const labelFoundBy = match.words.find((w) => w.foundBy)?.foundBy;
    for (const span of wordSpans(candidates, maxWords))
      found.push({ span, label, nearest: nearest(span), labelBox, ...(labelFoundBy ? { labelFoundBy } : {}) });
  }
  return found;
}

/**
 * The label printed in an OCR line (words left to right), and the words it is
 * printed in: only those, so that a neighbouring field's label or value on the
 * same line is not taken for part of it.
 */
export function labelInLine(
  line: readonly VizWord[],
  labels: readonly string[],
  cutShort = false,
): { label: string; words: VizWord[]; readShare?: number } | undefined {
  const match = findLabelAt(normaliseLabel(line.map((w) => w.text).join(' ')), labels, cutShort);
  if (!match) return undefined;
  // The line's text is its words' tokens in order: find the words holding the label's tokens.
  const last = match.token + match.label.split(' ').length - 1;
  const words: VizWord[] = [];
  let seen = 0;
  for (const word of line) {
    const tokens = normaliseLabel(word.text).split(' ').filter(Boolean).length;
    if (seen + tokens > match.token && seen <= last) words.push(word);
    seen += tokens;
  }
  return { label: match.label, words, ...(match.readShare !== undefined ? { readShare: match.readShare } : {}) };
}

/**
 * The label printed in a line of text (normalised): whole words only ("nie" is
 * a label, not the end of "identificatie"), long labels also with one letter
 * misread ("pocument no" is "document no"), the longest with two ("entity
 * number" is "identity number" whose first letters a stamp hid), and, with
 * `cutShort`, a line ending in the first four or more letters of a label's
 * long first word ("pers" is "personal no"). Only for labels no word of a
 * document's own begins like: "pass" is the Swedish "PASS" as often as a cut
 * "passport no" (measured on the Finnish specimen).
 */
export function findLabel(lineText: string, labels: readonly string[], cutShort = false): string | undefined {
  return findLabelAt(lineText, labels, cutShort)?.label;
}

/** findLabel, with where the label starts: the index of its first token (word) in the line's text. */
function findLabelAt(
  lineText: string,
  labels: readonly string[],
  cutShort = false,
): { label: string; token: number; readShare?: number } | undefined {
  const padded = ` ${lineText} `;
  const exact = labels.find((l) => padded.includes(` ${l} `));
  if (exact)
    return {
      label: exact,
      token: lineText
        .slice(0, padded.indexOf(` ${exact} `))
        .split(' ')
        .filter(Boolean).length,
    };
  const tokens = lineText.split(' ');
  for (const label of labels) {
    if (label.length < FUZZY_LABEL_LENGTH) continue;
    const n = label.split(' ').length;
    for (let i = 0; i + n <= tokens.length; i++)
      if (editDistance(tokens.slice(i, i + n).join(' '), label) <= (label.length >= LONG_LABEL_LENGTH ? 2 : 1))
        return { label, token: i };
  }
  // "<word> No.": small print misreads letters of the long word and the "No." ("socumint N" for
  // "Document No.", measured on a 110-dpi card front): three letters of the word misread, not lost
  // ("person" is a word of its own; a close read of a blurred 110-dpi card's label read "hosusent
  // No." and "bocusant Na."), and the "No." read as one to three letters starting as it does.
  for (const label of labels) {
    const [word, number, ...rest] = label.split(' ');
    if (rest.length > 0 || number !== 'no' || word!.length < FUZZY_LABEL_LENGTH) continue;
    for (let i = 0; i + 1 < tokens.length; i++)
      if (
        /^[nm][a-z°]{0,2}$/.test(tokens[i + 1]!) &&
        Math.abs(tokens[i]!.length - word!.length) <= 1 &&
        editDistance(tokens[i]!, word!) <= 3
      )
        return { label, token: i };
  }
  // A label's long first word cut short at the line's end: the rest of small, letter-spaced
  // print on a guilloche may go unread ("Pers" for "Personal No.", measured on a card upside down).
  const last = tokens[tokens.length - 1] ?? '';
  if (cutShort && last.length >= TRUNCATED_LABEL_LENGTH && /^[a-z]+$/.test(last)) {
    const cut = labels.find((l) => {
      const first = l.split(' ')[0]!;
      return (
        l.includes(' ') && first.length >= 2 * TRUNCATED_LABEL_LENGTH - 1 && first.startsWith(last) && first !== last
      );
    });
    if (cut) return { label: cut, token: tokens.length - 1, readShare: last.length / cut.length };
  }
  return undefined;
}

/** A label's first word read cut short counts with at least this many letters, when the word is nearly twice as long. */
const TRUNCATED_LABEL_LENGTH = 4;

/** Labels at least this long are recognised with one letter misread (shorter ones are too alike). */
const FUZZY_LABEL_LENGTH = 8;
/** Labels at least this long are recognised with two letters misread or lost. */
const LONG_LABEL_LENGTH = 14;

export function normaliseLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.:/()|,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `reason`, with how the span's words were read when no read of the whole page found them. */
function withHowFound(reason: string, span: WordSpan): string {
  const how = span.words.find((w) => w.foundBy)?.foundBy;
  return how ? `${reason}, ${how}` : reason;
}

/** Where a span is on the page. */
export function spanQuad(frame: TextFrame, span: WordSpan): Quad {
  return frameQuad(frame, span.upright);
}

/** Words read with at least this confidence are text a cover must leave alone when they are not its number. */
const CONFIDENT_WORD = 85;

/**
 * Covers of printed values found on one page, kept in the text frame (where
 * text lines are straight) and merged where they overlap (sub-spans of one
 * number are one region), then turned into page regions. A cover never
 * reaches over a word of another line read with confidence (`keepClear`):
 * OCR sometimes boxes a number with a speck above or below it, and the cover
 * grown from that box would clip the name printed under it (the Taiwanese
 * specimen's "MEI-HUA" under its passport number).
 */
export class SpanCovers {
  private readonly covers: { upright: Box; words: VizWord[]; confidence: number; reason: string }[] = [];

  constructor(
    private readonly frame: TextFrame,
    private readonly keepClear: readonly VizWord[] = [],
  ) {}

  add(span: WordSpan, confidence: number, reason: string): void {
    const box = textCover(this.wholeWords(span));
    const existing = this.covers.find((c) => boxesOverlap(c.upright, box));
    if (existing) {
      existing.upright = unionBoxes([existing.upright, box]);
      existing.words.push(...span.words);
    } else this.covers.push({ upright: box, words: [...span.words], confidence, reason: withHowFound(reason, span) });
  }

  regions(kind: RegionKind, page: number, detector: string): Region[] {
    return this.covers.map((c) => {
      const quad = frameQuad(this.frame, this.clear(c));
      return { kind, page, box: quadBounds(quad), quad, confidence: c.confidence, reason: c.reason, detector };
    });
  }

  /**
   * The span's box, grown over the words of the page's own read that a second
   * read's word of the span lies in: a second read found a piece of the
   * number ("0LEY3R", with only the darkest print kept) where the page read
   * the whole printed word ("YOLEY3RZA", which lost its digits): the whole
   * word is the number (a 125-dpi card's cover had left 30 % of it visible).
   */
  private wholeWords(span: WordSpan): Box {
    const pieces = span.words.filter((w) => w.foundBy);
    const wholes = this.keepClear.filter(
      (word) =>
        !word.foundBy &&
        !span.words.includes(word) &&
        pieces.some((w) => overlapShare(word.upright, w.upright) >= 0.5 && word.upright.height < w.upright.height * 2),
    );
    return unionBoxes([span.upright, ...wholes.map((w) => w.upright)]);
  }

  /** The cover's box, its top and bottom moved off confident words of other lines (never into its own words). */
  private clear(cover: { upright: Box; words: VizWord[] }): Box {
    const own = unionBoxes(cover.words.map((w) => w.upright));
    let top = cover.upright.y;
    let bottom = cover.upright.y + cover.upright.height;
    for (const word of this.keepClear) {
      const b = word.upright;
      if (word.confidence < CONFIDENT_WORD || !/[\p{L}\p{N}]{2}/u.test(word.text) || cover.words.includes(word))
        continue;
      // A gap of a quarter of the word's height, which OCR's box may leave out of its print (a
      // generated card's date of birth, just above a number read in a box two lines high with
      // its label, had lost its lowest pixel rows to the cover), or half the space between the
      // lines where they are closer: the cover keeps a margin round its own words too.
      const gap = b.height / 4;
      if (!boxesOverlap({ ...b, y: b.y - gap, height: b.height + 2 * gap }, cover.upright)) continue;
      const ownBottom = own.y + own.height;
      if (b.y >= ownBottom) bottom = Math.min(bottom, Math.max(b.y - gap, (ownBottom + b.y) / 2));
      else if (b.y + b.height <= own.y)
        top = Math.max(top, Math.min(b.y + b.height + gap, (b.y + b.height + own.y) / 2));
    }
    return { ...cover.upright, y: top, height: Math.max(0, bottom - top) };
  }
}
