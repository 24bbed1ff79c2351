import { boxToQuad, quadBounds, type Box, type Quad } from '../geometry.js';
import { downscaleGray, rgbToGray, stretchContrast, upscaleGray2x } from '../image/gray.js';
import { rotatePage, turnsToUpright, unrotatePoint } from '../image/rotate.js';
import type { Detector } from './types.js';

/** A printed word of the visual zone, in page pixels. */
export interface VizWord {
  text: string;
  quad: Quad;
  box: Box;
  /** Words of one printed line share this number. */
  line: number;
  confidence: number;
}

/** Pages are read at no more than this (longest side): ID text stays legible and OCR time halves. */
const OCR_MAX_SIDE = 2200;
const OCR_MIN_SIDE = 1200;

/**
 * Reads the page's printed words once (LSTM engine, page turned upright as
 * its MRZ says), for the number detectors that follow.
 */
export const vizTextReader: Detector = {
  name: 'viz-text',
  async detect(analysis, { ocr }) {
    const page = analysis.page;
    const turns = analysis.mrz[0] ? turnsToUpright(analysis.mrz[0].angle) : 0;
    const upright = rotatePage(page, turns);
    const longest = Math.max(upright.width, upright.height);
    // Small copies (phone screenshots, 600-pixel scans) are read at twice their size.
    const factor = longest < OCR_MIN_SIDE ? 0.5 : Math.max(1, Math.ceil(longest / OCR_MAX_SIDE));
    const full = rgbToGray(upright.rgb, upright.width, upright.height);
    const gray = factor < 1 ? upscaleGray2x(full) : downscaleGray(full, factor);
    const words = await ocr.readWords(stretchContrast(gray));
    analysis.words = words.map((w) => {
      const corners = [
        { x: w.bbox.x0, y: w.bbox.y0 },
        { x: w.bbox.x1, y: w.bbox.y0 },
        { x: w.bbox.x1, y: w.bbox.y1 },
        { x: w.bbox.x0, y: w.bbox.y1 },
      ].map((p) => unrotatePoint({ x: p.x * factor, y: p.y * factor }, turns, page)) as Quad;
      return { text: w.text, quad: corners, box: quadBounds(corners), line: w.line, confidence: w.confidence };
    });
  },
};

/** Consecutive words of one line, read as one value (numbers are often printed in groups). */
export interface WordSpan {
  words: VizWord[];
  /** The words joined without spaces. */
  text: string;
  /** Letters and digits only, upper case: "1234.56.782" -> "123456782". */
  compact: string;
  box: Box;
}

export function compactValue(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Every run of 1 to `maxWords` consecutive words on a line, left to right. */
export function wordSpans(words: readonly VizWord[], maxWords: number): WordSpan[] {
  const lines = new Map<number, VizWord[]>();
  for (const w of words) (lines.get(w.line) ?? lines.set(w.line, []).get(w.line)!).push(w);
  const spans: WordSpan[] = [];
  for (const line of lines.values()) {
    line.sort((a, b) => a.box.x - b.box.x);
    for (let i = 0; i < line.length; i++) {
      for (let n = 1; n <= maxWords && i + n <= line.length; n++) {
        const group = line.slice(i, i + n);
        // Groups of one number sit close together; a wide gap starts another field.
        const height = Math.max(...group.map((w) => w.box.height));
        if (group.some((w, k) => k > 0 && w.box.x - (group[k - 1]!.box.x + group[k - 1]!.box.width) > height * 1.5))
          break;
        const text = group.map((w) => w.text).join('');
        spans.push({ words: group, text, compact: compactValue(text), box: unionBox(group.map((w) => w.box)) });
      }
    }
  }
  return spans;
}

function unionBox(boxes: Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A cover tight to printed text: its box grown by a third of the text height. */
export function textCover(box: Box): Box {
  const m = box.height / 3;
  return { x: box.x - m, y: box.y - m, width: box.width + 2 * m, height: box.height + 2 * m };
}

/**
 * Spans printed as the value of a label: later on the label's own line, or
 * on the next lines just below it. `labels` are lower-case phrases.
 */
export function spansAfterLabels(
  words: readonly VizWord[],
  labels: readonly string[],
  maxWords: number,
): { span: WordSpan; label: string }[] {
  const lines = new Map<number, VizWord[]>();
  for (const w of words) (lines.get(w.line) ?? lines.set(w.line, []).get(w.line)!).push(w);
  const found: { span: WordSpan; label: string }[] = [];
  for (const line of lines.values()) {
    line.sort((a, b) => a.box.x - b.box.x);
    const lineText = normaliseLabel(line.map((w) => w.text).join(' '));
    // Whole words only: "nie" is a label, not the end of "identificatie".
    const label = labels.find((l) => ` ${lineText} `.includes(` ${l} `));
    if (!label) continue;
    const labelBox = unionBox(line.map((w) => w.box));
    const h = Math.max(...line.map((w) => w.box.height));
    const candidates = words.filter((w) => {
      if (line.includes(w)) return normaliseLabel(w.text).length > 0 && !label.includes(normaliseLabel(w.text));
      const below = w.box.y >= labelBox.y + labelBox.height * 0.5 && w.box.y <= labelBox.y + labelBox.height + h * 3;
      const alongside = w.box.x + w.box.width >= labelBox.x - h * 2 && w.box.x <= labelBox.x + labelBox.width + h * 2;
      return below && alongside;
    });
    for (const span of wordSpans(candidates, maxWords)) found.push({ span, label });
  }
  return found;
}

export function normaliseLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.:/()|,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Adds a cover for a span, or widens one it overlaps (sub-spans of one number are one region). */
export function addOrMerge<R extends { box: Box; quad?: Quad }>(regions: R[], box: Box, make: (box: Box) => R): void {
  const overlapping = regions.find(
    (r) =>
      r.box.x < box.x + box.width &&
      box.x < r.box.x + r.box.width &&
      r.box.y < box.y + box.height &&
      box.y < r.box.y + r.box.height,
  );
  if (!overlapping) {
    regions.push(make(box));
    return;
  }
  const merged = unionBox([overlapping.box, box]);
  overlapping.box = merged;
  overlapping.quad = boxToQuad(merged);
}
