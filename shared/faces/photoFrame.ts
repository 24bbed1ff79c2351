import type { Box } from '../geometry.js';
import { connectedComponents, type Component } from '../image/components.js';
import { adaptiveInkMask, type GrayImage } from '../image/gray.js';

/**
 * How far the printed photo may reach beyond the face box the detector
 * returns, in face widths and heights, where no border is found (the largest
 * seen on the specimen passports), and how far a border is looked for.
 */
export const PHOTO_FROM_FACE = { side: 1.3, top: 0.65, bottom: 1.1 };
const SEARCH = { sideFrom: 0.7, sideTo: 1.6, topFrom: 0.15, topTo: 0.9, bottomFrom: 0.4, bottomTo: 1.5 };
/**
 * How far past the layout's portrait zone the photo's own pixels may take the
 * cover, as a share of the zone's width: a document may print its MRZ a few
 * millimetres off the layout's place (the ICAO TD2 example: 2.4 mm), which
 * shifts the zone placed from it by as much.
 */
const ZONE_OVERREACH = 0.15;

/**
 * A border found this far (face widths) past where the photo's pixels are seen
 * ending is the photo's own; further off, it may be a pattern's edge (the
 * Bulgarian specimen shows one 0.7 face widths past its photo).
 */
const BORDER_PAST_REACH = 0.15;

/** The cover of a printed photo, in the upright page's pixels. */
export interface PhotoCover {
  /** The photo's rectangle, as narrow as the text printed beside it makes it anywhere. */
  main: Box;
  /** The parts of the photo reaching past `main` above, between or below the lines of text printed beside it. */
  beside: Box[];
}

/**
 * The photo around an upright face. Each side is put on the photo's border
 * where one shows as a straight edge running the photo's length (a column or
 * row whose mean gradient stands out); where none does, the generous default
 * reach is used, erring on covering. Where the layout's portrait zone is known
 * (in the same frame as the face) and holds the face, the cover reaches the
 * zone's outer (left) edge and stops at its right edge, where the names
 * begin, unless the photo's own pixels are seen going on. Lines of text
 * printed beside the photo are never covered: the cover is cut back in their
 * rows, so a photo that reaches further below a name is still covered there.
 */
export function photoAroundFace(gray: GrayImage, face: Box, zone?: Box): PhotoCover {
  const { x, y, width: w, height: h } = face;
  const cx = x + w / 2;
  const rowsFrom = Math.round(y);
  const rowsTo = Math.round(y + h * 1.4);
  const colsFrom = Math.round(cx - w * 0.9);
  const colsTo = Math.round(cx + w * 0.9);
  // A border line is thinner than this (pixels): see findEdge.
  const lineWidth = Math.max(3, Math.round(w * 0.06));
  const left =
    findEdge(gray, 'vertical', cx - w * SEARCH.sideFrom, cx - w * SEARCH.sideTo, rowsFrom, rowsTo, lineWidth) ??
    cx - w * PHOTO_FROM_FACE.side;
  const rightBorder = findEdge(
    gray,
    'vertical',
    cx + w * SEARCH.sideFrom,
    cx + w * SEARCH.sideTo,
    rowsFrom,
    rowsTo,
    lineWidth,
  );
  const right = rightBorder ?? cx + w * PHOTO_FROM_FACE.side;
  const top =
    findEdge(gray, 'horizontal', y - h * SEARCH.topFrom, y - h * SEARCH.topTo, colsFrom, colsTo, lineWidth) ??
    y - h * PHOTO_FROM_FACE.top;
  const bottom =
    findEdge(
      gray,
      'horizontal',
      y + h + h * SEARCH.bottomFrom,
      y + h + h * SEARCH.bottomTo,
      colsFrom,
      colsTo,
      lineWidth,
    ) ?? y + h + h * PHOTO_FROM_FACE.bottom;
  // A little beyond the edge, so that the border line itself and an edge found
  // a few pixels inside it are covered.
  const pad = Math.max(3, w * 0.06);
  const cover = { x0: left - pad, x1: right + pad, y0: top - pad, y1: bottom + pad };
  const cy = y + h / 2;
  if (zone && cx >= zone.x && cx <= zone.x + zone.width && cy >= zone.y && cy <= zone.y + zone.height) {
    cover.x0 = Math.min(cover.x0, zone.x);
    const zoneRight = zone.x + zone.width;
    // The photo's pixels seen ending in blank paper take the cover past the zone, and on to its
    // border where they end just short of one: a phone photo's pale photo background fades into
    // the paper a few pixels before the border (3 pixels of a TD3 photo stayed visible).
    const reach = photoPixelsReach(gray, face, cover.y1, cover.x1);
    const bordered = rightBorder !== undefined && rightBorder >= reach && rightBorder - reach <= w * BORDER_PAST_REACH;
    const seen = Math.min((bordered ? rightBorder : reach) + pad, zoneRight + zone.width * ZONE_OVERREACH);
    cover.x1 = Math.min(cover.x1, Math.max(zoneRight, seen));
    // Nothing but the photo is printed left of it there: what looks like text is the photo or a pattern.
    return cutAroundText(cover, { right: textBeside(gray, face, cover).right, left: [] }, face);
  }
  return cutAroundText(cover, textBeside(gray, face, cover), face);
}

/**
 * Scans lines between `from` (inner) and `to` (outer) for a photo border and
 * returns the first strong one met going outwards, or undefined. `vertical`: columns x, the
 * gradient is measured across x over rows [spanFrom, spanTo). A border is a
 * thin line: `lineWidth` lines away from it on at least one side (the paper
 * around the photo) the gradient is half as strong or steps in half as many rows.
 */
function findEdge(
  gray: GrayImage,
  orientation: 'vertical' | 'horizontal',
  from: number,
  to: number,
  spanFrom: number,
  spanTo: number,
  lineWidth: number,
): number | undefined {
  const { width, height, data } = gray;
  const limit = orientation === 'vertical' ? width : height;
  const spanLimit = orientation === 'vertical' ? height : width;
  const a = Math.round(Math.max(1, Math.min(from, to)));
  const b = Math.round(Math.min(limit - 2, Math.max(from, to)));
  const s0 = Math.max(0, spanFrom);
  const s1 = Math.min(spanLimit, spanTo);
  if (b - a < 3 || s1 - s0 < 10) return undefined;
  const measure = (at: number): { at: number; strength: number; consistency: number } => {
    let sum = 0;
    let strong = 0;
    for (let s = s0; s < s1; s++) {
      const i = orientation === 'vertical' ? s * width + at : at * width + s;
      const step = orientation === 'vertical' ? 1 : width;
      const g = Math.abs(data[i + step]! - data[i - step]!);
      sum += g;
      if (g >= 12) strong++;
    }
    return { at, strength: sum / (s1 - s0), consistency: strong / (s1 - s0) };
  };
  const profile = Array.from({ length: b - a + 1 }, (_, k) => measure(a + k));
  const strengths = profile.map((p) => p.strength).sort((p, q) => p - q);
  const median = strengths[Math.floor(strengths.length / 2)]!;
  const measured = (line: number): { strength: number; consistency: number } =>
    line >= a && line <= b
      ? profile[line - a]!
      : line >= 1 && line <= limit - 2
        ? measure(line)
        : { strength: 0, consistency: 0 };
  // A border is a line: `lineWidth` away from it on one side at least (the paper around the
  // photo), the steps are half as strong or run half as much of its length. The edge of a band
  // of texture (hair against the photo's plain background) steps in most rows too, but so do the
  // lines beside it: measured on a 110-dpi card, the hair's outer edge (0.76 of the rows) lay
  // inside its border (0.86), and the cover stopped at the hair. On a busy foil (the US visa)
  // both sides of the border step in most rows, but far more weakly.
  const thin = (p: { at: number; strength: number; consistency: number }): boolean => {
    const [before, after] = [measured(p.at - lineWidth), measured(p.at + lineWidth)];
    return (
      Math.min(before.strength, after.strength) < p.strength / 2 ||
      Math.min(before.consistency, after.consistency) < p.consistency / 2
    );
  };
  // A border runs the whole length: nearly all of its pixels step, unlike a
  // column of text, whose lines leave gaps.
  const edges = profile.filter((p) => p.consistency >= 0.75 && p.strength >= Math.max(10, median * 1.5) && thin(p));
  if (edges.length === 0) return undefined;
  // The first border met going outwards: beyond it lie the document's own
  // fields, which must stay readable.
  const outward = to > from;
  return edges.reduce((best, p) => (outward ? (p.at < best.at ? p : best) : p.at > best.at ? p : best)).at;
}

/**
 * How far right of the face the photo's own pixels go on (hair, shoulders, a
 * tinted background): in each row from the face down to the photo's bottom,
 * the run of pixels darker than the paper that starts at the face and ends
 * where blank paper follows, wider than the gaps between letters (so a run
 * that enters a label printed close beside the photo goes on through it). A
 * run that reaches `limit` first (text, a pattern printed around the photo)
 * proves nothing. Unless most rows end in paper (a photo on white, like the
 * ICAO TD2 example's), the photo is not seen and the face's edge is returned;
 * otherwise the third-farthest row's reach, so a stray row does not count.
 */
function photoPixelsReach(gray: GrayImage, face: Box, bottom: number, limit: number): number {
  const { width, height, data } = gray;
  const start = Math.round(face.x + face.width);
  const end = Math.min(width - 1, Math.round(limit));
  if (end <= start) return start;
  // The paper: the bright end of what lies right of the face.
  const histogram = new Uint32Array(256);
  const y0 = Math.max(0, Math.round(face.y));
  const y1 = Math.min(height - 1, Math.round(bottom));
  for (let row = y0; row <= y1; row += 2) for (let x = start; x <= end; x += 2) histogram[data[row * width + x]!]!++;
  const total = histogram.reduce((a, b) => a + b, 0);
  let paper = 255;
  for (let seen = 0; paper > 0 && seen + histogram[paper]! <= total * 0.1; paper--) seen += histogram[paper]!;
  const darker = paper - 15;
  const blank = Math.max(4, Math.round(face.width * 0.12));
  const reaches: number[] = [];
  for (let row = y0; row <= y1; row++) {
    let last = start;
    let x = start;
    for (; x <= end && x - last <= blank; x++) if (data[row * width + x]! < darker) last = x;
    if (x <= end) reaches.push(last);
  }
  if (reaches.length < (y1 - y0 + 1) / 2) return start;
  reaches.sort((a, b) => b - a);
  return reaches[Math.min(2, reaches.length - 1)]!;
}

/** A line of printed text: where it starts and ends across, and its rows. */
interface TextRow {
  start: number;
  end: number;
  top: number;
  bottom: number;
  /** Where its letters stand (the median glyph's bottom) and how tall they are (the median glyph's height). */
  baseline: number;
  letterHeight: number;
}

/**
 * The cover cut back to the lines of text printed beside it, band by band:
 * in the rows of a line (and half a line's height around it) the cover stops
 * short of where the line starts, between two lines no further than beside
 * the farther of them, above and below them as far as the photo may. So a
 * photo that widens below names printed beside its top (the ICAO TD2
 * example) is covered below them, and the names stay readable. The part
 * every band covers is the main rectangle; the rest are rectangles of their
 * own. Bands that reach nearly as far are merged (to the shorter reach: the
 * text decides).
 */
function cutAroundText(
  cover: { x0: number; x1: number; y0: number; y1: number },
  text: { right: TextRow[]; left: TextRow[] },
  face: Box,
): PhotoCover {
  const gap = Math.max(2, face.width * 0.03);
  const close = face.width * 0.1;
  const rows = (r: TextRow): { from: number; to: number } => {
    const margin = (r.bottom - r.top) / 2;
    return { from: r.top - margin, to: r.bottom + margin };
  };
  /** Per band of rows, how far the cover reaches on one side (`limit` where no line is in the band). */
  const reachBands = (
    cuts: { from: number; to: number; at: number }[],
    limit: number,
    inner: (a: number, b: number) => number,
  ) => {
    const ys = [cover.y0, cover.y1, ...cuts.flatMap((c) => [c.from, c.to])]
      .filter((v) => v >= cover.y0 && v <= cover.y1)
      .sort((a, b) => a - b);
    const bands: { from: number; to: number; at: number; free: boolean }[] = [];
    for (let i = 0; i + 1 < ys.length; i++) {
      const [from, to] = [ys[i]!, ys[i + 1]!];
      if (to - from <= 0) continue;
      const inBand = cuts.filter((c) => c.from < to && c.to > from);
      bands.push({ from, to, at: inBand.reduce((a, c) => inner(a, c.at), limit), free: inBand.length === 0 });
    }
    // Between two lines, the photo reaches no further than beside the farther of them: what
    // lies there is the space between lines of text, or a line too short to be seen as one.
    const outer = (a: number, b: number): number => (inner(a, b) === a ? b : a);
    for (const [i, band] of bands.entries()) {
      if (!band.free) continue;
      const above = bands
        .slice(0, i)
        .reverse()
        .find((b) => !b.free);
      const below = bands.slice(i + 1).find((b) => !b.free);
      if (above && below) band.at = inner(limit, outer(above.at, below.at));
    }
    const merged: { from: number; to: number; at: number }[] = [];
    for (const { from, to, at } of bands) {
      const last = merged[merged.length - 1];
      if (last && Math.abs(last.at - at) < close) {
        last.to = to;
        last.at = inner(last.at, at);
      } else merged.push({ from, to, at });
    }
    return merged;
  };
  const right = reachBands(
    text.right.map((r) => ({ ...rows(r), at: r.start - gap })).filter((c) => c.at < cover.x1),
    cover.x1,
    Math.min,
  );
  const left = reachBands(
    text.left.map((r) => ({ ...rows(r), at: r.end + gap })).filter((c) => c.at > cover.x0),
    cover.x0,
    Math.max,
  );
  const x0 = Math.max(...left.map((b) => b.at));
  const x1 = Math.min(...right.map((b) => b.at));
  const main = { x: x0, y: cover.y0, width: x1 - x0, height: cover.y1 - cover.y0 };
  // A part narrower than a fifth of the face is the blank left of an indented
  // line, one shorter than a tenth of it the space between two lines, or the
  // default reach's fringe beyond the photo: not photo, left uncovered.
  const large = (b: { from: number; to: number }, width: number): boolean =>
    width >= face.width * 0.2 && b.to - b.from >= face.height * 0.1;
  const beside: Box[] = [
    ...right
      .filter((b) => large(b, b.at - x1))
      .map((b) => ({ x: x1 - 1, y: b.from, width: b.at - x1 + 1, height: b.to - b.from })),
    ...left
      .filter((b) => large(b, x0 - b.at))
      .map((b) => ({ x: b.at, y: b.from, width: x0 - b.at + 1, height: b.to - b.from })),
  ];
  return { main, beside };
}

/**
 * Lines of text printed right of the face and left of it, within the cover's
 * rows: rows of three or more glyph-sized blobs side by side, lined up with
 * another such row as printed labels and values are (see alignedLines).
 */
function textBeside(
  gray: GrayImage,
  face: Box,
  cover: { x0: number; x1: number; y0: number; y1: number },
): { right: TextRow[]; left: TextRow[] } {
  const { x, width: w, height: h } = face;
  const x0 = Math.max(0, Math.round(Math.min(x - w * 1.8, cover.x0)));
  const x1 = Math.min(gray.width, Math.round(Math.max(x + w * 2.8, cover.x1)));
  const y0 = Math.max(0, Math.round(cover.y0 - h * 0.1));
  const y1 = Math.min(gray.height, Math.round(cover.y1 + h * 0.1));
  if (x1 - x0 < 10 || y1 - y0 < 10) return { right: [], left: [] };
  const region = new Uint8Array((x1 - x0) * (y1 - y0));
  for (let row = y0; row < y1; row++)
    region.set(gray.data.subarray(row * gray.width + x0, row * gray.width + x1), (row - y0) * (x1 - x0));
  const mask = adaptiveInkMask(
    { width: x1 - x0, height: y1 - y0, data: region },
    Math.max(6, Math.round(h * 0.08)),
    20,
  );
  const glyphs = connectedComponents(mask, x1 - x0, y1 - y0)
    .map((c) => ({ ...c, x0: c.x0 + x0, x1: c.x1 + x0, y0: c.y0 + y0, y1: c.y1 + y0, cx: c.cx + x0, cy: c.cy + y0 }))
    .filter((c) => {
      const gh = c.y1 - c.y0 + 1;
      return gh >= h * 0.04 && gh <= h * 0.35 && c.x1 - c.x0 + 1 <= gh * 3;
    });
  const cx = x + w / 2;
  // Lines are found among glyphs clear of the face and its hair, then followed
  // back towards the face to where they start. One that runs on past the face
  // box's edge is printed above or below the photo (an MRZ line, a title), not beside it.
  const reach = w * 0.75;
  const right = textRows(glyphs.filter((g) => g.x0 > cx + reach))
    .map((r) => ({ clear: r, line: followLine(r, glyphs, 'left') }))
    .filter((r) => r.line.start >= x + w);
  const left = textRows(glyphs.filter((g) => g.x1 < cx - reach))
    .map((r) => ({ clear: r, line: followLine(r, glyphs, 'right') }))
    .filter((r) => r.line.end <= x);
  return { right: alignedLines(right, face, 'start'), left: alignedLines(left, face, 'end') };
}

/**
 * The line extended through the letters continuing it on the `towards` side:
 * glyphs up to its letters' height (capitals and ascenders over small
 * letters, down to punctuation) standing on its baseline, no further apart
 * than letters are.
 */
function followLine(row: TextRow, glyphs: Component[], towards: 'left' | 'right'): TextRow {
  const h = row.letterHeight;
  const line = { ...row };
  for (;;) {
    const next = glyphs.find((g) => {
      const height = g.y1 - g.y0 + 1;
      // Letters, and dots and commas on the baseline between them ("01.Name").
      const letter = Math.abs(g.y1 - line.baseline) <= Math.max(2, h * 0.25) && height >= h * 0.15 && height <= h * 1.6;
      if (!letter) return false;
      // As far apart as letters of a monospaced type (OCR-B) are.
      return towards === 'left' ? g.x0 < line.start && line.start - g.x1 <= h : g.x1 > line.end && g.x0 - line.end <= h;
    });
    if (!next) return line;
    // Two letters at most: a label starts a letter or two before the first glyph
    // clear of the face; further on, a chain of blobs is more likely the photo's.
    if (towards === 'left' ? row.start - next.x0 > 2 * h : next.x1 - row.end > 2 * h) return line;
    if (towards === 'left') line.start = next.x0;
    else line.end = next.x1;
    line.top = Math.min(line.top, next.y0);
  }
}

/**
 * The lines of text on one side of the photo: those that start (or, for text
 * left of the photo, end) where another line does, as printed labels and
 * values do; texture inside a photo does not line up so. Lines are lined up
 * where their glyphs clear of the face begin (followed back towards the face,
 * two lines of the photo's texture may meet by chance), and only beside the
 * face and the shoulders: above and below them a hologram or a tinted band
 * may line up like text (the Taiwanese specimen's seal).
 */
function alignedLines(rows: { clear: TextRow; line: TextRow }[], face: Box, edge: 'start' | 'end'): TextRow[] {
  const beside = rows.filter(
    ({ line }) => line.top >= face.y - face.height * PHOTO_FROM_FACE.top && line.bottom <= face.y + face.height * 1.8,
  );
  // Within a letter of each other: where the first glyph clear of the face begins depends on how the letters fall.
  const tolerance = (a: TextRow, b: TextRow): number => Math.max(face.width * 0.08, a.letterHeight, b.letterHeight);
  return beside
    .filter(({ clear }) =>
      beside.some((o) => o.clear !== clear && Math.abs(o.clear[edge] - clear[edge]) <= tolerance(o.clear, clear)),
    )
    .map((r) => r.line);
}

/** Rows of at least three similar blobs side by side, each with its extent. */
function textRows(glyphs: Component[]): TextRow[] {
  const rows: TextRow[] = [];
  const sorted = [...glyphs].sort((a, b) => a.x0 - b.x0);
  const used = new Set<Component>();
  for (const first of sorted) {
    if (used.has(first)) continue;
    const height = first.y1 - first.y0 + 1;
    const row = [first];
    for (const g of sorted) {
      if (used.has(g) || g === first) continue;
      const last = row[row.length - 1]!;
      const sameLine = Math.abs(g.cy - last.cy) < height * 0.5;
      const near = g.x0 - last.x1 < height * 1.5 && g.x0 >= last.x0;
      if (sameLine && near) row.push(g);
    }
    if (row.length >= 3) {
      row.forEach((g) => used.add(g));
      const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]!;
      rows.push({
        start: row[0]!.x0,
        end: Math.max(...row.map((g) => g.x1)),
        top: Math.min(...row.map((g) => g.y0)),
        bottom: Math.max(...row.map((g) => g.y1)),
        baseline: median(row.map((g) => g.y1)),
        letterHeight: median(row.map((g) => g.y1 - g.y0 + 1)),
      });
    }
  }
  return rows;
}
