import { describe, expect, it } from 'vitest';
import { withArticle } from '../shared/article.js';
import { frameFromTitle, foldTitleWord } from '../shared/detect/printedTitle.js';
import { frameQuad, type TextFrame, type VizWord } from '../shared/detect/textFrame.js';
import { boxToQuad, quadBounds, type Box, type Quad } from '../shared/geometry.js';
import { coveredByRegions, type Region } from '../shared/regions.js';
import { photoAroundFace } from '../shared/faces/photoFrame.js';
import type { GrayImage } from '../shared/image/gray.js';
import { CARD_FRONT_GHOST_LAYOUTS, ghostLayoutFor } from '../shared/layout/ghostLayouts.js';
import { facingPageCopyFor } from '../shared/layout/facingPageCopies.js';
import {
  dataPageQuadToMm,
  dataPageRectToPage,
  documentNumberZone,
  MRZ_PITCH_MM,
  mmToPage,
  pageToMm,
  portraitZone,
} from '../shared/layout/icao.js';
import type { MrzFrame } from '../shared/mrz/read.js';
import { seeded } from './fixtures/randomPeople.js';

// A TD3 page at 10 px/mm, turned by 30 degrees: what the MRZ frame says must hold at any angle.
const angle = (30 * Math.PI) / 180;
const frame: MrzFrame = {
  origin: { x: 900, y: 700 },
  u: { x: Math.cos(angle), y: Math.sin(angle) },
  v: { x: -Math.sin(angle), y: Math.cos(angle) },
  pitch: 10 * MRZ_PITCH_MM,
};
const td3 = { mrzLeftMm: 6.0, mrzTopMm: 76 };
const mmQuad = (x0: number, y0: number, x1: number, y1: number): Quad =>
  [
    { x: x0, y: y0 },
    { x: x1, y: y0 },
    { x: x1, y: y1 },
    { x: x0, y: y1 },
  ].map((p) => mmToPage(frame, td3, p)) as Quad;
const inMm = (q: Quad) =>
  q.map((p) => {
    const mm = pageToMm(frame, td3, p);
    return { x: Math.round(mm.x * 10) / 10, y: Math.round(mm.y * 10) / 10 };
  });

describe('the ICAO portrait zone, placed from the MRZ', () => {
  it('is the left part of a TD3 page, down to 1 mm above the MRZ (photos reach 1.4 mm above it)', () => {
    const zone = portraitZone('TD3', frame)!;
    expect(inMm(zone.quad)).toEqual([
      { x: 2, y: 9 },
      { x: 38.5, y: 9 },
      { x: 38.5, y: 75 },
      { x: 2, y: 75 },
    ]);
  });
});

describe('the photo cover around a face, fitted to the ICAO portrait zone', () => {
  // A white page 1000 x 800 px with a face box; grey blocks stand for the photo's own pixels.
  const face: Box = { x: 200, y: 250, width: 150, height: 200 };
  const zone: Box = { x: 40, y: 150, width: 340, height: 550 };
  const page = (...greys: Box[]): GrayImage => {
    const data = new Uint8Array(1000 * 800).fill(255);
    for (const g of greys)
      for (let y = g.y; y < g.y + g.height; y++) data.fill(128, y * 1000 + g.x, y * 1000 + g.x + g.width);
    return { width: 1000, height: 800, data };
  };
  const right = (b: Box): number => b.x + b.width;

  it("reaches the zone's left edge and stops at its right edge, where the names start, when nothing is seen past it", () => {
    const cover = photoAroundFace(page(), face, zone);
    expect(cover.main.x).toBe(40);
    expect(right(cover.main)).toBeCloseTo(380, 6);
    expect(cover.beside).toEqual([]);
  });

  it("follows the photo's own pixels a little past the zone (an MRZ printed off its place shifts the zone), no further", () => {
    // Shoulders reaching 20 px past the zone's edge, with no straight border to find: covered, with the usual margin.
    const shoulders = photoAroundFace(page({ x: 150, y: 500, width: 250, height: 200 }), face, zone);
    // (their last column is 399; the margin is 6 % of the face's width).
    expect(right(shoulders.main)).toBeCloseTo(399 + 9, 6);
    // Reaching 60 px past it: only 15 % of the zone's width past its edge (beyond that lies the text).
    const wide = photoAroundFace(page({ x: 150, y: 500, width: 290, height: 200 }), face, zone);
    expect(right(wide.main)).toBeCloseTo(380 + 0.15 * 340, 6);
    // Running on with no paper after it (a pattern printed around the photo): proves nothing, the zone holds.
    const pattern = photoAroundFace(page({ x: 150, y: 500, width: 700, height: 200 }), face, zone);
    expect(right(pattern.main)).toBeCloseTo(380, 6);
  });

  it('leaves the cover as the photo makes it where the face lies outside the zone (a ghost portrait)', () => {
    const outside: Box = { x: 500, y: 150, width: 340, height: 550 };
    const alone = photoAroundFace(page(), face, undefined);
    expect(photoAroundFace(page(), face, outside)).toEqual(alone);
    // The default reach: 1.3 face widths each side of its centre, plus the margin.
    expect(alone.main.x).toBeCloseTo(275 - 195 - 9, 6);
    expect(right(alone.main)).toBeCloseTo(275 + 195 + 9, 6);
  });
});

describe("the photo cover around a face, on the photo's border", () => {
  it('goes past hair reaching towards the border (a band of texture, not a line) to the border itself', () => {
    // Paper 205; the photo's light background (245) from x = 90; hair from a ragged edge 120-145 px
    // to the face, textured as hair is (a 110-dpi card's hair made a broad band of strong steps,
    // and the cover stopped at it: a strip of the photo stayed visible).
    const face: Box = { x: 200, y: 250, width: 150, height: 200 };
    const random = seeded(7);
    const data = new Uint8Array(1000 * 800).fill(205);
    for (let y = 100; y < 700; y++) {
      data.fill(245, y * 1000 + 90, y * 1000 + 460);
      for (let x = 120 + Math.floor(random() * 25); x < 200; x++) data[y * 1000 + x] = 40 + Math.floor(random() * 160);
    }
    const cover = photoAroundFace({ width: 1000, height: 800, data }, face);
    expect(cover.main.x).toBeLessThanOrEqual(90);
    // Not the default reach either (1.3 face widths from the face's centre, and the margin): the border.
    expect(cover.main.x).toBeGreaterThan(275 - 195);
  });
});

describe('the zone where data pages print the document number, placed from the MRZ', () => {
  it('is the top right of a TD3 page (numbers on the specimens: 69-125 mm across, 4.7-30.5 mm down)', () => {
    const zone = documentNumberZone('TD3', frame)!;
    expect(inMm(zone)).toEqual([
      { x: 55, y: 3 },
      { x: 125, y: 3 },
      { x: 125, y: 32 },
      { x: 55, y: 32 },
    ]);
  });

  it('is not guessed for layouts ICAO does not fix it on (TD1 cards, the French card)', () => {
    expect(documentNumberZone('TD1', frame)).toBeUndefined();
    expect(documentNumberZone('FRENCH_NATIONAL_ID', frame)).toBeUndefined();
  });
});

describe('where national passport layouts print their ghost portrait', () => {
  it('is looked up by the MRZ issuing state (fillers removed) and format', () => {
    expect(ghostLayoutFor('TD3', 'FIN')?.document).toBe('Finnish passport');
    expect(ghostLayoutFor('TD3', 'D<<')?.document).toBe('German passport');
    expect(ghostLayoutFor('TD3', 'UTO')).toBeUndefined();
    expect(ghostLayoutFor('TD3', 'LVA')?.document).toBe('Latvian passport');
    // A Finnish identity card is another layout.
    expect(ghostLayoutFor('TD1', 'FIN')).toBeUndefined();
  });

  it('is placed on the page from the MRZ, and page quads read back in document millimetres', () => {
    const ghostMm = ghostLayoutFor('TD3', 'FIN')!.ghostMm;
    const quad = dataPageRectToPage('TD3', frame, ghostMm)!;
    expect(inMm(quad)).toEqual(
      inMm(mmQuad(ghostMm.x, ghostMm.y, ghostMm.x + ghostMm.width, ghostMm.y + ghostMm.height)),
    );
    const back = dataPageQuadToMm('TD3', frame, quad)!;
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(back[key]).toBeCloseTo(ghostMm[key], 6);
    expect(dataPageRectToPage('TD1', frame, ghostMm)).toBeUndefined();
  });
});

describe("a card front's millimetres, placed from a title line it prints", () => {
  // A text frame turned by 30 degrees, and a title read at 12 px/mm from 20 mm in and 7.7 mm down.
  const textFrame: TextFrame = { origin: { x: 500, y: 100 }, u: frame.u, v: frame.v };
  const title = { text: 'REPUBLIC OF TURKEY IDENTITY CARD', mm: { x: 20, y: 7.7, width: 43.5, height: 2.4 } };
  const pxPerMm = 12;
  /** Words of `texts` spread evenly over the title's printed box, as OCR reads them (`height`: mm). */
  const readTitle = (texts: string[], height = title.mm.height): VizWord[] => {
    const step = (title.mm.width * pxPerMm) / texts.length;
    return texts.map((text, i) => {
      const upright: Box = { x: 300 + i * step, y: 200, width: step * 0.8, height: height * pxPerMm };
      if (i === texts.length - 1) upright.width = step;
      const quad = frameQuad(textFrame, upright);
      return { text, upright, quad, box: quadBounds(quad), line: 0, confidence: 90 };
    });
  };

  it('folds accents and the Turkish dotted and dotless i before comparing words', () => {
    expect(foldTitleWord('TÜRKİYE')).toBe('TURKIYE');
    expect(foldTitleWord('Cumhuriyeti')).toBe('CUMHURIYETI');
    expect(foldTitleWord('KARTı!')).toBe('KARTI');
  });

  it('maps millimetres to the page from where the title was read, and back', () => {
    const found = frameFromTitle(readTitle(['REPUBLIC', 'OF', 'TURKEY', 'IDENTITY', 'CARD']), textFrame, [title])!;
    expect(found.title).toBe(title);
    // The title's own box comes out where it was read; any other box scales with it.
    const titleQuad = found.mm.toPage(title.mm);
    expect(titleQuad[0].x).toBeCloseTo(frameQuad(textFrame, { x: 300, y: 200, width: 1, height: 1 })[0].x, 6);
    const ghostMm = CARD_FRONT_GHOST_LAYOUTS[0]!.ghostMm;
    const ghost = found.mm.toPage(ghostMm);
    const side = Math.hypot(ghost[1].x - ghost[0].x, ghost[1].y - ghost[0].y);
    expect(side).toBeCloseTo(ghostMm.width * pxPerMm, 6);
    const back = found.mm.toMm(ghost);
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(back[key]).toBeCloseTo(ghostMm[key], 6);
  });

  it('takes OCR slips of one letter in four, not another text or another size', () => {
    expect(
      frameFromTitle(readTitle(['REPUBL1C', 'OF', 'TORKEY', 'IDENTITY', 'CARD!']), textFrame, [title]),
    ).toBeDefined();
    // A word missing, a short word misread, a word of another title.
    expect(frameFromTitle(readTitle(['REPUBLIC', 'TURKEY', 'IDENTITY', 'CARD']), textFrame, [title])).toBeUndefined();
    expect(
      frameFromTitle(readTitle(['REPUBLIC', '0F', 'TURKEY', 'IDENTITY', 'CARD']), textFrame, [title]),
    ).toBeUndefined();
    expect(
      frameFromTitle(readTitle(['REPUBLIC', 'OF', 'UTOPIA', 'IDENTITY', 'CARD']), textFrame, [title]),
    ).toBeUndefined();
    // A garbled read of the same line by another read (a read again) does not break up a good one.
    const good = readTitle(['REPUBLIC', 'OF', 'TURKEY', 'IDENTITY', 'CARD']);
    const garbled = readTitle(['REP', 'I', 'FURRY', 'FEN', 'Cah']).map((w) => {
      const upright = { ...w.upright, x: w.upright.x + w.upright.width / 2 };
      const quad = frameQuad(textFrame, upright);
      return { ...w, upright, quad, box: quadBounds(quad), foundBy: 'read again' };
    });
    expect(frameFromTitle([...good, ...garbled], textFrame, [title])).toBeDefined();
    // The same words three times as tall for their width: some other text.
    const tall = readTitle(['REPUBLIC', 'OF', 'TURKEY', 'IDENTITY', 'CARD'], 3 * title.mm.height);
    expect(frameFromTitle(tall, textFrame, [title])).toBeUndefined();
  });
});

describe('text already under covers', () => {
  const region = (x: number, width: number): Region => ({
    kind: 'ghost_portrait',
    page: 0,
    box: { x, y: 0, width, height: 100 },
    confidence: 0.4,
    reason: 'test',
    detector: 'test',
  });
  const number = boxToQuad({ x: 40, y: 40, width: 50, height: 20 }) as Quad;

  it('is covered only when every corner lies under a cover, not when a cover cuts into it', () => {
    // A ghost zone reaching over the first digits of a number leaves the rest readable.
    expect(coveredByRegions(number, [region(0, 60)])).toBe(false);
    expect(coveredByRegions(number, [region(0, 100)])).toBe(true);
    // Two covers side by side cover it together.
    expect(coveredByRegions(number, [region(0, 60), region(60, 40)])).toBe(true);
    expect(coveredByRegions(number, [])).toBe(false);
  });
});

describe('the small-print copy of the MRZ some passports print on the facing page', () => {
  it('is known for the Australian passport only, above the fold (negative data-page millimetres)', () => {
    const copy = facingPageCopyFor('TD3', 'AUS')!;
    expect(copy.copyMm.y + copy.copyMm.height).toBeLessThan(0);
    // The specimen's copy, measured: 25-54 mm across, 14.5-18 mm above the fold, inside the band.
    expect(copy.copyMm.x).toBeLessThanOrEqual(25);
    expect(copy.copyMm.y).toBeLessThanOrEqual(-18);
    expect(copy.copyMm.y + copy.copyMm.height).toBeGreaterThanOrEqual(-14.5);
    expect(facingPageCopyFor('TD3', 'UTO')).toBeUndefined();
    expect(facingPageCopyFor('TD1', 'AUS')).toBeUndefined();
  });

  it("names the document with the article its first letter takes in the region's reason", () => {
    expect(withArticle('Australian passport')).toBe('an Australian passport');
    expect(withArticle('Azerbaijani passport')).toBe('an Azerbaijani passport');
    expect(withArticle('Finnish passport')).toBe('a Finnish passport');
    expect(withArticle('Utopian passport')).toBe('a Utopian passport');
  });
});
