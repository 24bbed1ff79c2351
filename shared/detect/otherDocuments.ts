import {
  axisDistance,
  boxToQuad,
  growOrientedRect,
  orientedRectQuad,
  quadBounds,
  quadCenter,
  quadContains,
  type Box,
  type Point,
  type Quad,
} from '../geometry.js';
import { connectedComponents } from '../image/components.js';
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

/**
 * Another way up reads a document when its clean words read at least this
 * legibly (see legibility), and this much more legibly than the MRZ's way:
 * measured on a 300-dpi card front upside down beside a passport page, 72
 * against 33 (read at the passport's scale, the card's smaller print reads
 * less well than a page of its own).
 */
const OTHER_WAY_READING = 60;
const OTHER_WAY_GAIN = 20;

/** Text lines this far off the MRZ's axis (degrees) may belong to a document turned a quarter. */
const OTHER_AXIS_DEG = 30;
/** Text lines this far off the MRZ's axis, and less than OTHER_AXIS_DEG, may belong to a document skewed its own way. */
const OWN_SKEW_DEG = 3;

/** The direction `axis` (degrees, modulo 180) pointing the way `angle` does (within 90 degrees of it). */
function sameWayAs(axis: number, angle: number): number {
  const diff = ((((axis - angle) % 360) + 540) % 360) - 180;
  return Math.abs(diff) <= 90 ? angle + diff : angle + diff + (diff > 0 ? -180 : 180);
}

/**
 * A page whose MRZ was read is read the MRZ's way up; another document beside
 * it — a card's front next to its back or to a passport page — may stand
 * otherwise, and its text, numbers and photo then read as nothing; and even
 * standing the same way, its numbers follow its own rules, which a page with
 * an MRZ does not apply (a card front's lone six-digit CAN). Where the words
 * outside the sides carrying an MRZ read badly, or a photo was found off those
 * sides, the page with those sides blanked (in the colour of its edge) is cut
 * down to what differs from that colour, the other documents; with a photo
 * off the sides that part is analysed at once, otherwise where it reads well
 * another way up (upside down, and sideways where the page has text lines
 * across the MRZ's). It is analysed as a page without an MRZ is (which way is
 * up from faces and from how well the text reads), and what that finds is
 * added, replacing the page's own photo covers there, and all its covers
 * there where the words read badly the MRZ's way. `analyse` is the analysis of
 * a page as it is (MRZ search, then the other detectors). Measured on the
 * specimens: the two booklet photos whose facing page's small print reads
 * badly every way pay one to three reads more (0.1-0.6 s); nothing is added
 * on any specimen. Measured with `npm run bench:sweep -- --pairs`: 191 of 192
 * generated pages of two documents right (66 before 2026-12-07).
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
  // A photo off the sides with an MRZ is another document's (a card's front beside a passport or
  // beside its own back): its numbers follow that document's rules (a lone six-digit CAN, a card
  // front's unlabelled number), which a page with an MRZ does not apply, and its photo is measured
  // the way it stands. It is analysed on its own however well its words read the MRZ's way.
  // A smaller face beside a passport page is taken for its ghost portrait: counted too.
  const photoElsewhere = analysis.regions.some(
    (r) => (r.kind === 'portrait' || r.kind === 'ghost_portrait') && !onSides(r.quad ?? boxToQuad(r.box)),
  );
  const readThisWay = legibility(elsewhere);
  if (readThisWay >= CONFIDENT_READING && !photoElsewhere) return;

  const page = analysis.page;
  const background = borderColour(page);
  const blankedPage = coverRegions(
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
    background,
  );
  // Only the part of the page that holds the other documents is read: OCR over a large noisy
  // grey scanner lid laid the page out as a picture and read a card beside a passport as nothing.
  const crop = otherPrintBox({ ...page, rgb: blankedPage }, background);
  const rest: PageImage = cropPage({ ...page, rgb: blankedPage }, crop);
  const gray = rgbToGray(rest.rgb, rest.width, rest.height);
  // The MRZs stay known to the read (their pitch gives the documents' scale), not where their
  // lines lie: those are blanked already, and the crop moved them.
  const blankedAnalysis: PageAnalysis = {
    page: rest,
    gray,
    mrz: analysis.mrz.map((m) => ({ ...m, lineQuads: [] })),
    regions: [],
    words: [],
    warnings: [],
  };
  const directions = analysis.textDirections ?? [];
  const across = directions.filter((d) => axisDistance(d, mrzAngle) >= OTHER_AXIS_DEG);
  // A document standing about the MRZ's way, at a skew of its own (a card front 11.7 degrees off
  // its back read as nothing at the back's angle), is read at its own angle, both ways up.
  const skewed = directions.filter((d) => {
    const off = axisDistance(d, mrzAngle);
    return off >= OWN_SKEW_DEG && off < OTHER_AXIS_DEG;
  });
  const otherWays = [
    mrzAngle + 180,
    ...across.slice(0, 1).flatMap((d) => [d, d + 180]),
    ...skewed.slice(0, 1).flatMap((d) => [sameWayAs(d, mrzAngle), sameWayAs(d, mrzAngle) + 180]),
  ];
  let readsOtherwise = photoElsewhere;
  for (const angle of readsOtherwise ? [] : otherWays) {
    const { words } = await readInFrame(blankedAnalysis, ocr, angle);
    const readThere = legibility(words);
    // A few clean words (the Latvian booklet photo's "machine readable zone", read sideways) are not a document.
    const enough = cleanWords(words).length >= MIN_WORDS_ELSEWHERE;
    if (enough && readThere >= OTHER_WAY_READING && readThere >= readThisWay + OTHER_WAY_GAIN) {
      readsOtherwise = true;
      break;
    }
  }
  if (!readsOtherwise) return;
  const found = shifted(await analyse(rest, gray), crop.x, crop.y);
  const note = '; on another document on the page, read the way its own text runs';
  // What the other documents' own analysis found, the way they stand, replaces what the page's
  // analysis made of them seen the MRZ's way up: their photos (a face seen sideways was grown into
  // a cover across a card's names, and into parts beside it across its date of birth), and, where
  // their words read badly that way, everything (misreads of a card read sideways were covered as
  // numbers across its date of birth). Where they read well, their covers stand: the MRZ's own
  // numbers are found in their print only so.
  const theirPhotos = found.regions.some((r) => r.kind === 'portrait' || r.kind === 'ghost_portrait');
  const readBadly = readThisWay < CONFIDENT_READING;
  const inCrop = (q: Quad): boolean => {
    const c = quadCenter(q);
    return c.x >= crop.x && c.x <= crop.x + crop.width && c.y >= crop.y && c.y <= crop.y + crop.height;
  };
  analysis.regions = analysis.regions.filter((r) => {
    const q = r.quad ?? boxToQuad(r.box);
    if (r.kind === 'mrz' || onSides(q) || !inCrop(q)) return true;
    return r.kind === 'portrait' || r.kind === 'ghost_portrait' ? !theirPhotos : !readBadly;
  });
  // A cover the page's own analysis already made is not listed twice.
  const fresh = found.regions.filter((r) => !analysis.regions.some((o) => o.kind === r.kind && sameBox(o.box, r.box)));
  analysis.regions.push(...fresh.map((r) => ({ ...r, reason: r.reason + note })));
  analysis.mrz.push(...found.mrz);
  analysis.warnings.push(...found.warnings.filter((w) => !analysis.warnings.includes(w)));
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

/**
 * The colour around the page's edge (each channel's median along its four
 * sides): what the sides already analysed are blanked with, so that they
 * count as background when the other documents are cut out (see
 * otherPrintBox) and the rest reads as it lies, on its own background.
 */
function borderColour(page: PageImage): [number, number, number] {
  const { width, height, rgb } = page;
  const samples: number[][] = [[], [], []];
  const add = (x: number, y: number): void => {
    for (let c = 0; c < 3; c++) samples[c]!.push(rgb[(y * width + x) * 3 + c]!);
  };
  const step = Math.max(1, Math.floor((width + height) / 2000));
  for (let x = 0; x < width; x += step) {
    add(x, 0);
    add(x, height - 1);
  }
  for (let y = 0; y < height; y += step) {
    add(0, y);
    add(width - 1, y);
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return [median(samples[0]!), median(samples[1]!), median(samples[2]!)];
}

/** A cell's colour differing from the background by more than this (strongest channel, 0-255) is print or paper of a document. */
const OFF_BACKGROUND_STEP = 12;
/** The other documents are looked for on cells of about this share of the page's longest side. */
const CELL_SHARE = 1 / 400;
/** A patch off the background smaller than this share of the page is a speck, not a document. */
const MIN_PATCH_SHARE = 0.01;

/**
 * The box (page pixels) holding what differs from the background on a page
 * whose sides with an MRZ were blanked in the background's colour: the other
 * documents, with a margin. The page is looked at in cells (their mean colour:
 * a scanner's noise averages out); patches of cells off the background that
 * are large enough count. The whole page where none is found (a white card on
 * a white lid differs from it too little).
 */
function otherPrintBox(page: PageImage, background: readonly number[]): Box {
  const { width, height, rgb } = page;
  const whole = { x: 0, y: 0, width, height };
  const cell = Math.max(1, Math.round(Math.max(width, height) * CELL_SHARE));
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const mask = new Uint8Array(columns * rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const sums = [0, 0, 0];
      let n = 0;
      for (let y = row * cell; y < Math.min(height, (row + 1) * cell); y++) {
        for (let x = column * cell, i = (y * width + x) * 3; x < Math.min(width, (column + 1) * cell); x++, i += 3) {
          sums[0]! += rgb[i]!;
          sums[1]! += rgb[i + 1]!;
          sums[2]! += rgb[i + 2]!;
          n++;
        }
      }
      const step = Math.max(...sums.map((sum, c) => Math.abs(sum / n - background[c]!)));
      if (step > OFF_BACKGROUND_STEP) mask[row * columns + column] = 1;
    }
  }
  const patches = connectedComponents(mask, columns, rows).filter((c) => c.pixels >= MIN_PATCH_SHARE * columns * rows);
  if (patches.length === 0) return whole;
  const margin = 2 * cell + Math.round(0.02 * Math.max(width, height));
  const x0 = Math.max(0, Math.min(...patches.map((p) => p.x0)) * cell - margin);
  const y0 = Math.max(0, Math.min(...patches.map((p) => p.y0)) * cell - margin);
  const x1 = Math.min(width, (Math.max(...patches.map((p) => p.x1)) + 1) * cell + margin);
  const y1 = Math.min(height, (Math.max(...patches.map((p) => p.y1)) + 1) * cell + margin);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The part `box` (whole pixels) of a page, as a page of its own. */
function cropPage(page: PageImage, box: Box): PageImage {
  if (box.x === 0 && box.y === 0 && box.width === page.width && box.height === page.height) return page;
  const rgb = Buffer.alloc(box.width * box.height * 3);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * page.width + box.x) * 3;
    page.rgb.copy(rgb, y * box.width * 3, from, from + box.width * 3);
  }
  return { ...page, width: box.width, height: box.height, rgb };
}

/** An analysis of a page cropped at (`dx`, `dy`), its regions and MRZs moved back onto the whole page. */
function shifted(analysis: PageAnalysis, dx: number, dy: number): PageAnalysis {
  if (dx === 0 && dy === 0) return analysis;
  const point = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  const quad = (q: Quad): Quad => q.map(point) as unknown as Quad;
  const box = (b: Box): Box => ({ ...b, x: b.x + dx, y: b.y + dy });
  return {
    ...analysis,
    regions: analysis.regions.map((r) => ({ ...r, box: box(r.box), ...(r.quad ? { quad: quad(r.quad) } : {}) })),
    mrz: analysis.mrz.map((m) => ({
      ...m,
      lineQuads: m.lineQuads.map(quad),
      lineBoxes: m.lineBoxes.map(box),
      zoneQuad: quad(m.zoneQuad),
      zoneBox: box(m.zoneBox),
      frame: { ...m.frame, origin: point(m.frame.origin) },
    })),
  };
}
