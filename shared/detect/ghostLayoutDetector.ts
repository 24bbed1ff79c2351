import { withArticle } from '../article.js';
import { quadBounds, quadCenter, quadContains } from '../geometry.js';
import { CARD_FRONT_GHOST_LAYOUTS, ghostLayoutFor } from '../layout/ghostLayouts.js';
import { dataPageQuadToMm, dataPageRectToPage, type MmRect } from '../layout/icao.js';
import type { MrzReading } from '../mrz/read.js';
import { mrzNameWords, readsAsName } from './documentNumberDetector.js';
import { readsAsMrzDate, readsAsDate } from './dateShapes.js';
import { frameFromTitle, type MmFrame } from './printedTitle.js';
import { spanQuad, wordSpans, type WordSpan } from './textSpans.js';
import type { Region } from '../regions.js';
import { UPSIDE_DOWN_FACE_CONFIDENCE } from './portraitDetector.js';
import type { Detector, PageAnalysis } from './types.js';

/**
 * Around the measured ghost: a copy scanned or photographed a little off scale
 * (the MRZ's pitch fixes the scale to about 2 %, 2 mm at the far edge of a
 * page) or a series printed a little elsewhere is still covered.
 */
const MARGIN_MM = 2.5;
const DETECTOR = 'ghost-layout';

/** What must stay readable on a page, and how a run of words is told to be it. */
interface IdentityField {
  what: string;
  reads(span: WordSpan): boolean;
}

/** A ghost's place on one document, as its layout gives it. */
interface GhostPlace {
  ghostMm: MmRect;
  mm: MmFrame;
  document: string;
  where: string;
  /** What named the document, for the region's reason ("the MRZ names a Finnish passport"). */
  namedBy: string;
  /** The holder's names, date of birth and date of expiry where the MRZ spells them; else see identityInZone. */
  identity?: IdentityField[];
}

/**
 * Covers the ghost portrait where the document's layout prints it (see
 * ghostLayouts.ts) when the face model found no face there: ghosts behind
 * windows and holograms, or with numbers printed over them, are what the model
 * misses. A passport is named by its MRZ; a card's front, which has none, by a
 * title line it prints. Names and the dates of birth and expiry stay readable: where the
 * only reading of one falls in the zone's margin the zone stops short of it,
 * and in the ghost itself the zone is not covered and the page is marked for
 * review.
 */
export const ghostLayoutDetector: Detector = {
  name: DETECTOR,
  async detect(analysis) {
    for (const place of ghostPlaces(analysis)) {
      // A face found there was covered with its whole photo already. A face-like pattern seen only
      // upside down is not taken for it: the zone is covered as well, and `verify` reports the
      // zone (not the pattern, a note) where it is not blacked out.
      const centre = quadCenter(place.mm.toPage(place.ghostMm));
      const faceThere = (r: Region): boolean =>
        r.kind.endsWith('portrait') &&
        r.confidence > UPSIDE_DOWN_FACE_CONFIDENCE &&
        r.quad !== undefined &&
        quadContains(r.quad, centre);
      if (analysis.regions.some(faceThere)) continue;
      const page = `page ${analysis.page.index + 1}`;
      const zone = zoneKeepingIdentity(analysis, place);
      if (!zone.rect) {
        analysis.warnings.push(
          `${page}: the ${place.document} prints its ghost portrait where the ${zone.kept} was read, and nowhere else: left visible so it stays readable — check the ghost portrait`,
        );
        continue;
      }
      const quad = place.mm.toPage(zone.rect);
      analysis.regions.push({
        kind: 'ghost_portrait',
        page: analysis.page.index,
        box: quadBounds(quad),
        quad,
        confidence: 0.4,
        reason: `no face found here, but ${place.namedBy}, which prints its ghost portrait here (${place.where}; measured on its specimen), so that zone is covered`,
        detector: DETECTOR,
      });
    }
  },
};

/** Where the page's documents print their ghosts: passports named by their MRZ, else a card's front by its title. */
function ghostPlaces(analysis: PageAnalysis): GhostPlace[] {
  const places: GhostPlace[] = [];
  for (const reading of analysis.mrz) {
    const { format, fields } = reading.parsed;
    const layout = ghostLayoutFor(format, fields.issuingState);
    if (!layout || !dataPageRectToPage(format, reading.frame, layout.ghostMm)) continue;
    places.push({
      ...layout,
      mm: {
        toPage: (r) => dataPageRectToPage(format, reading.frame, r)!,
        toMm: (q) => dataPageQuadToMm(format, reading.frame, q)!,
      },
      namedBy: `the MRZ names ${withArticle(layout.document)}`,
      identity: mrzIdentity(reading),
    });
  }
  const frame = analysis.textFrame;
  if (analysis.mrz.length > 0 || !frame) return places;
  for (const layout of CARD_FRONT_GHOST_LAYOUTS) {
    const found = frameFromTitle(analysis.words, frame, layout.titles);
    if (!found) continue;
    places.push({
      ...layout,
      mm: found.mm,
      namedBy: `its title "${found.title.text}" names ${withArticle(layout.document)}`,
    });
  }
  return places;
}

/** The holder's names, date of birth and the document's date of expiry, as the MRZ spells them. */
function mrzIdentity(reading: MrzReading): IdentityField[] {
  const { birthDate, expiryDate } = reading.parsed.fields;
  return [
    ...mrzNameWords([reading]).map((name) => ({
      what: 'name',
      reads: (s: WordSpan) => s.words.length === 1 && readsAsName(s.compact, [name]),
    })),
    { what: 'date of birth', reads: (s: WordSpan) => readsAsMrzDate(s.text, birthDate) },
    { what: 'date of expiry', reads: (s: WordSpan) => readsAsMrzDate(s.text, expiryDate) },
  ];
}

/** A word read this confidently may be a name. */
const CONFIDENT_NAME = 70;

/**
 * Without an MRZ to spell them, any date, and any confidently read word of
 * three or more letters, that the zone holds may be the holder's: each text is
 * kept readable as the MRZ's fields are (see zoneKeepingIdentity).
 */
function identityInZone(spans: readonly { span: WordSpan; mm: MmRect }[], zone: MmRect): IdentityField[] {
  const texts = new Set(
    spans.filter(({ span, mm }) => overlaps(mm, zone) && looksLikeIdentity(span)).map(({ span }) => span.compact),
  );
  return [...texts].map((compact) => ({ what: `"${compact}"`, reads: (s: WordSpan) => s.compact === compact }));
}

const looksLikeIdentity = (span: WordSpan): boolean =>
  readsAsDate(span.text) ||
  (span.words.length === 1 && /^\p{L}{3,}$/u.test(span.text) && span.words[0]!.confidence >= CONFIDENT_NAME);

/**
 * The ghost's zone, its box grown by the margin, shrunk so that it leaves out
 * the readings, in its margin, of a name or date (of birth, of expiry) read nowhere outside
 * it; no rect (and what is kept) when its only readings lie on the ghost itself.
 */
function zoneKeepingIdentity(analysis: PageAnalysis, place: GhostPlace): { rect?: MmRect; kept?: string } {
  const { ghostMm } = place;
  let zone: MmRect = {
    x: ghostMm.x - MARGIN_MM,
    y: ghostMm.y - MARGIN_MM,
    width: ghostMm.width + 2 * MARGIN_MM,
    height: ghostMm.height + 2 * MARGIN_MM,
  };
  const frame = analysis.textFrame;
  const spans = frame
    ? wordSpans(analysis.words, 4).map((span) => ({ span, mm: place.mm.toMm(spanQuad(frame, span)) }))
    : [];
  const identity = place.identity ?? identityInZone(spans, zone);
  for (const { what, reads } of identity) {
    const readings = spans.filter(({ span }) => reads(span));
    // Read elsewhere too (the German passport prints the date of birth again over its ghost):
    // covering the copy in the zone keeps it readable.
    if (readings.length === 0 || readings.some(({ mm }) => !overlaps(mm, zone))) continue;
    // Read only in the zone: one reading beside the ghost, in the margin, is kept out of the cover.
    const beside = readings.filter(({ mm }) => !overlaps(mm, ghostMm));
    if (beside.length === 0) return { kept: what };
    for (const { mm } of beside) zone = withoutSideOf(zone, mm, ghostMm);
  }
  return { rect: zone };
}

function overlaps(a: MmRect, b: MmRect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * `zone` cut back to stop short of `word`, which lies beside `ghost` (not on it),
 * by a third of the word's height as covers keep from text (see textCover), but
 * never into the ghost: of the cuts that do, the one that keeps most of the zone.
 */
function withoutSideOf(zone: MmRect, word: MmRect, ghost: MmRect): MmRect {
  const room = word.height / 3;
  const [right, bottom] = [zone.x + zone.width, zone.y + zone.height];
  const cuts: MmRect[] = [];
  if (word.x + word.width <= ghost.x) {
    const left = Math.min(word.x + word.width + room, ghost.x);
    cuts.push({ ...zone, x: left, width: right - left });
  }
  if (word.x >= ghost.x + ghost.width)
    cuts.push({ ...zone, width: Math.max(word.x - room, ghost.x + ghost.width) - zone.x });
  if (word.y + word.height <= ghost.y) {
    const top = Math.min(word.y + word.height + room, ghost.y);
    cuts.push({ ...zone, y: top, height: bottom - top });
  }
  if (word.y >= ghost.y + ghost.height)
    cuts.push({ ...zone, height: Math.max(word.y - room, ghost.y + ghost.height) - zone.y });
  // A word beside the ghost is past at least one of its edges: there is always a cut.
  return cuts.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
}
