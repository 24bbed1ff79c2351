import { createCanvas } from '@napi-rs/canvas';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quad } from '../shared/geometry.js';
import { findDocumentOutlines } from '../shared/layout/documentOutline.js';
import { openDocument } from '../shared/load/index.js';
import { drawTd1Back, drawTd1Front, drawTd3 } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { specimenPortrait } from './fixtures/portraits.js';
import { perspectivePhoto, renderScene, singleDocumentScene, type Scene } from './fixtures/scene.js';
import { drawSweepPages, photoPart, sweepProblems } from './fixtures/sweepPages.js';
import { SPECIMENS, tempDir } from './helpers/cli.js';
import { blackShare, decode, unchangedShare } from './helpers/pixels.js';
import { redactScenes, type RedactedScenes, type SceneCase } from './helpers/redactScenes.js';
import { specimensAvailable } from './helpers/specimens.js';

/** Where each generated document's corners land in its 3000 x 2000 phone photo (strong keystone). */
const CORNERS: Record<string, Quad> = {
  'td3-photo': [
    { x: 520, y: 380 },
    { x: 2480, y: 300 },
    { x: 2650, y: 1720 },
    { x: 380, y: 1580 },
  ],
  'td1-back-photo': [
    { x: 700, y: 500 },
    { x: 2300, y: 620 },
    { x: 2200, y: 1500 },
    { x: 600, y: 1420 },
  ],
  'td1-front-photo': [
    { x: 800, y: 600 },
    { x: 2100, y: 450 },
    { x: 2250, y: 1400 },
    { x: 700, y: 1350 },
  ],
};

describe.runIf(specimensAvailable)('documents photographed at an angle', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let redacted: RedactedScenes;
  const scenes: Record<string, Scene> = {};

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const photo = (await specimenPortrait())!;
    const size = { width: 3000, height: 2000 };
    scenes['td3-photo'] = perspectivePhoto(drawTd3(PEOPLE.passport, 300, { photo }), CORNERS['td3-photo']!, size);
    scenes['td1-back-photo'] = perspectivePhoto(drawTd1Back(PEOPLE.card, 300), CORNERS['td1-back-photo']!, size);
    scenes['td1-front-photo'] = perspectivePhoto(
      drawTd1Front(PEOPLE.card, 300, { photo }),
      CORNERS['td1-front-photo']!,
      size,
    );
    redacted = await redactScenes(dir, Object.entries(scenes));
  }, 300_000);
  afterAll(() => cleanup());

  it('finds each document outline within a few pixels of its true corners, its photo printed up to the edge too', () => {
    for (const [name, scene] of Object.entries(scenes)) {
      const page = { index: 0, width: scene.width, height: scene.height, rgb: scene.rgb };
      const outlines = findDocumentOutlines(page);
      expect(outlines, name).toHaveLength(1);
      outlines[0]!.corners.forEach((corner, i) => {
        const truth = CORNERS[name]![i]!;
        // Sides fitted to the border line itself: within a pixel or two (15 before, when the card
        // front's photo, printed close to its edge, pulled a side in by 14 pixels).
        expect(Math.hypot(corner.x - truth.x, corner.y - truth.y), `${name} corner ${i}`).toBeLessThan(3);
      });
      expect(outlines[0]!.skewDeg).toBeGreaterThan(3);
    }
  });

  it('keeps the first fit where the document lies on clutter, and finds no document in the clutter', async () => {
    // The MIDV-500 Turkish card lies on a ruler, a knife and papers: moved onto "the border", its
    // left side went to the ruler's edge and no outline was left; a knife's blade made a second one.
    const doc = await openDocument(path.join(SPECIMENS, 'img', 'tr_idcard_midv500_CA43_01.png'));
    const outlines = findDocumentOutlines(await doc.readPage(0));
    await doc.close();
    expect(outlines).toHaveLength(1);
    const card: Quad = [
      { x: 163, y: 677 },
      { x: 922, y: 693 },
      { x: 947, y: 1177 },
      { x: 101, y: 1167 },
    ];
    outlines[0]!.corners.forEach((corner, i) =>
      expect(Math.hypot(corner.x - card[i]!.x, corner.y - card[i]!.y), `corner ${i}`).toBeLessThan(20),
    );
  });

  it('finds no slanted outline on a flat scan', () => {
    const scene = singleDocumentScene(drawTd3(PEOPLE.passport, 200), 0, 40, { background: '#c8c8c8' });
    const outlines = findDocumentOutlines({ index: 0, width: scene.width, height: scene.height, rgb: scene.rgb });
    expect(outlines.every((o) => o.skewDeg < 1.5)).toBe(true);
  });

  it('covers MRZ, photo, document and personal numbers on the straightened documents', async () => {
    const expected: Record<string, string[]> = {
      'td3-photo': ['portrait', 'documentNumber', 'personalNumber'],
      'td1-back-photo': ['personalNumber'],
      'td1-front-photo': ['portrait', 'documentNumber'],
    };
    for (const [name, fields] of Object.entries(expected)) {
      const scene = redacted.scene(name);
      const raster = await decode(redacted.entry(name).output!);
      const truth = scene.docs[0]!;
      for (const line of truth.mrzChars) for (const quad of line) expect(blackShare(raster, quad, 0), name).toBe(1);
      for (const field of fields) {
        // The test portrait's bottom rows are the specimen's white page under its photo (see photoPart).
        const quad = field === 'portrait' ? photoPart(truth.fields[field]!) : truth.fields[field]!;
        expect(blackShare(raster, quad, 0), `${name} ${field}`).toBe(1);
      }
      const regions = redacted.entry(name).pages[0]!.regions;
      expect(
        regions.every((r) => r.reason.includes('straightened view')),
        name,
      ).toBe(true);
    }
    expect(redacted.entry('td3-photo').pages[0]!.mrz[0]).toMatchObject({ format: 'TD3', allChecksValid: true });
    expect(redacted.entry('td1-back-photo').pages[0]!.mrz[0]).toMatchObject({ format: 'TD1', allChecksValid: true });
  });

  it('leaves names, date of birth and the background untouched', async () => {
    for (const name of Object.keys(scenes)) {
      const scene = redacted.scene(name);
      const raster = await decode(redacted.entry(name).output!);
      const original = { width: scene.width, height: scene.height, rgb: scene.rgb };
      for (const field of ['surname', 'givenNames', 'birthDate', 'issuingAuthority']) {
        const corners = scene.docs[0]!.fields[field];
        if (corners) expect(unchangedShare(original, raster, corners), `${name} ${field}`).toBe(1);
      }
      // The table around the document: a band along the photo's top edge.
      const band: Quad = [
        { x: 0, y: 0 },
        { x: scene.width, y: 0 },
        { x: scene.width, y: 150 },
        { x: 0, y: 150 },
      ];
      expect(unchangedShare(original, raster, band), `${name} background`).toBe(1);
    }
  });
});

/**
 * Phone photos `npm run bench:sweep -- --photos --random-people` drew
 * (2026-12-06) and the copy got wrong, drawn again exactly: seed and page.
 */
const SWEPT_PHOTOS = [
  // A card's CAN printed near its edge cut a notch in the card's plain part: the outline's side
  // was fitted to the notch, the straightened view lost that corner and the CAN stayed visible.
  { name: 'card-access-number-near-the-edge', seed: 1, index: 15 },
  // The photo printed up to the card's edge did the same, bigger: a third of the outline was
  // wrong, the cover slid off the photo and the document number was never read.
  { name: 'photo-near-the-edge', seed: 3, index: 12 },
  // A card back nearly square to the camera, turned a quarter, on wood whose grain ran along its
  // MRZ lines: read with the table, the MRZ was not read at all and one line of it stayed visible.
  { name: 'grain-along-the-mrz', seed: 3, index: 7 },
  // "19 OCT 1981" read "19-0CT 1981": nine characters, seven of them digits, covered as a serial number.
  { name: 'date-of-birth-month-misread', seed: 3, index: 5 },
  // A card 640 pixels long in a 2000 x 1500 photo (9 % of it): no outline was found (10 % at least,
  // and its print cut its plain part into pieces), the photo was read with the table, and its
  // number was missed.
  { name: 'small-card-in-the-photo', seed: 8, index: 5 },
  // Its straight view read "Document" and "No." as two OCR lines: no label, and the number, all
  // letters ("QGJUPIQQD"), was no number without it.
  { name: 'label-split-in-two-lines', seed: 6, index: 1 },
  // "15 SEP 1991" read "15 SEP-31991" (a second read had "SEP" and "1991"): covered as a card number.
  { name: 'date-of-birth-stray-character', seed: 9, index: 12 },
  // A TD2 page 570 pixels long in a 1600 x 1200 photo blurred by 1.5 pixels: its MRZ read "U181D061P" and its
  // print "NXS20861P" for "NXSZOB6IP", so neither matched the other and the printed number stayed visible.
  { name: 'small-blurred-page-number-misread', seed: 2, index: 11 },
  // "14 OCT 1999" read "14-0CT 1999:" (a colon after it) on a blurred 3000 x 2000 photo: covered as a serial number.
  { name: 'date-of-birth-colon-after-it', seed: 20, index: 8 },
  // The page's read of the MRZ had the number right ("IXS346827", 3 of 5 checks), a second read of the
  // zone had it wrong ("IX33A0827", 4 by chance): only that one was kept, and the number stayed visible.
  { name: 'number-right-in-the-worse-read', seed: 17, index: 13 },
  // Given names "SIGRID" (confidence 88) also read "s16a1d" (57) by another of the page's reads, on a data
  // page whose number the MRZ misread: covered as the likeliest print of the number.
  { name: 'given-names-read-with-digits', seed: 22, index: 1 },
  // Not a photo: a flat scan of a 110-dpi card front on white (the fixed people's sweep). Read on
  // a straightened view like a card on a table, its photo was seen less surely and covered 92 %.
  { name: 'small-card-scanned-on-white', seed: 3, index: 23, scan: 'fixed people' },
  // A flat 110-dpi card front turned a quarter and 4.4 degrees, JPEG quality 50: the photo's border
  // was looked for from the face out and the hair's edge, a broad band of steps, was taken for it;
  // a 9-pixel strip of the photo stayed visible.
  { name: 'hair-taken-for-the-photo-border', seed: 42, index: 3, scan: 'fixed people' },
  // A card front turned 260 degrees: its fixed-pitch letters stood in rows across its lines, which
  // outnumbered the lines; the face was looked for only sideways (0.72), and the cover, turned
  // with it, lay across the names while the text was read the wrong way and no number was found.
  { name: 'letters-in-rows-across-the-lines', seed: 35, index: 20 },
  // A blurred card's date of expiry "15 FEB 2033" with a second read's "C" inside its "15": cut
  // short to "FEB 2033", taken for the value of the "Document No." label above it, so that the
  // number itself (read "IERP6MAFS", one digit) was not covered.
  { name: 'date-cut-short-by-a-second-read', seed: 36, index: 22 },
  // A speck read as a 2-pixel "A" just under a blurred card's "Document No." label was taken for
  // the value's line, so the number right under it ("QPCAH3IMT", one digit) counted as a later field's.
  { name: 'speck-under-the-label', seed: 57, index: 11 },
  // A TD3 page in a 1600 x 1200 photo, its photo's pale background fading into the paper a few
  // pixels before the photo's border, which lay past the ICAO portrait zone placed from the MRZ:
  // the cover stopped where the photo's pixels were seen ending and left 3 pixels of it visible.
  { name: 'pale-photo-short-of-its-border', seed: 78, index: 5 },
  // Flat 110-dpi card fronts at JPEG quality 50 (the random people's flat sweep): "Document No."
  // read "Bosussnt No." (four letters off) above "BGORCZ5IE" read "BGORCZISIE" (one digit), and
  // "Socusant" above "N0ZUOKNB5" read "NOZUOKNSS" in a box swelled up over the label: no label,
  // so no number. The label is read again closely ("hosusent No.", "bocusant Na.").
  { name: 'label-lost-to-blur', seed: 2, index: 5, scan: 'random people' },
  { name: 'number-boxed-up-over-a-lost-label', seed: 4, index: 13, scan: 'random people' },
] as const;

describe.runIf(specimensAvailable)('pages a random sweep found wrong', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let redacted: RedactedScenes;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const cases: SceneCase[] = [];
    for (const swept of SWEPT_PHOTOS) {
      const { name, seed, index } = swept;
      const scan = 'scan' in swept ? swept.scan : undefined;
      const pages = await drawSweepPages(seed, index + 1, {
        randomPeople: scan !== 'fixed people',
        photos: scan === undefined,
        only: (i) => i === index,
      });
      const page = pages[index]!;
      cases.push([name, page.scene!, { jpegQuality: page.quality }]);
    }
    redacted = await redactScenes(dir, cases);
  }, 300_000);
  afterAll(() => cleanup());

  it.each(SWEPT_PHOTOS.map((c) => c.name))('%s: covered as it should be, the holder readable', async (name) => {
    const input = await decode(redacted.input(name));
    const copy = await decode(redacted.entry(name).output!);
    expect(sweepProblems(redacted.scene(name), input, copy)).toEqual([]);
  });

  it("says where a number's label was found only by reading it closely", () => {
    const reasons = redacted.entry('label-lost-to-blur').pages[0]!.regions.map((r) => r.reason);
    expect(reasons).toContainEqual(
      expect.stringMatching(/label "document no", read closely where the page's read had/),
    );
  });

  it('reads a scan on white as it is, not straightened', () => {
    const regions = redacted.entry('small-card-scanned-on-white').pages[0]!.regions;
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.some((r) => r.reason.includes('straightened view'))).toBe(false);
  });

  it("covers a data page's number-shaped words where its MRZ's number was not found in print, and asks for a look", () => {
    const entry = redacted.entry('small-blurred-page-number-misread');
    const numbers = entry.pages[0]!.regions.filter((r) => r.kind === 'document_number');
    expect(numbers.map((r) => r.detector)).toEqual(['unmatched-number']);
    expect(entry.status).toBe('review');
    expect(entry.warnings).toContainEqual(expect.stringContaining('covered as the likeliest print of it'));
  });

  it('reads the MRZ of the card on the wood as a whole, every check digit valid', () => {
    expect(redacted.entry('grain-along-the-mrz').pages[0]!.mrz[0]).toMatchObject({
      format: 'TD1',
      allChecksValid: true,
    });
  });
});

describe.runIf(specimensAvailable)('a card copy pasted on a printed page', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let redacted: RedactedScenes;
  let bsnBox: Quad;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    // A card front (no more than 60 % of the page) on a white page, with a line of the letter
    // beside it naming a BSN: the card is on no plain background, so the whole page is read.
    const card = drawTd1Front(PEOPLE.card, 200, { photo: await specimenPortrait() });
    const scene = renderScene([{ doc: card, center: { x: 500, y: 400 }, angleDeg: 0 }], {
      width: 1700,
      height: 1200,
      background: '#ffffff',
    });
    const canvas = createCanvas(scene.width, scene.height);
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(scene.width, scene.height);
    for (let i = 0, j = 0; i < scene.rgb.length; i += 3, j += 4) {
      image.data.set([scene.rgb[i]!, scene.rgb[i + 1]!, scene.rgb[i + 2]!, 255], j);
    }
    ctx.putImageData(image, 0, 0);
    // The copy's edge, as a scan or a printer shows it: an outline the card is found by.
    ctx.strokeStyle = '#707070';
    ctx.lineWidth = 3;
    ctx.strokeRect(500 - card.canvas.width / 2, 400 - card.canvas.height / 2, card.canvas.width, card.canvas.height);
    ctx.fillStyle = '#111111';
    ctx.font = '44px OCRB';
    const lines = ['Dear Sir or Madam,', 'please find my ID card copy above.', 'My BSN is 111222333.'];
    lines.forEach((line, i) => ctx.fillText(line, 120, 860 + i * 90));
    const start = 120 + ctx.measureText('My BSN is ').width;
    const width = ctx.measureText('111222333').width;
    bsnBox = [
      { x: start, y: 1040 - 34 },
      { x: start + width, y: 1040 - 34 },
      { x: start + width, y: 1040 + 4 },
      { x: start, y: 1040 + 4 },
    ];
    const rgba = ctx.getImageData(0, 0, scene.width, scene.height).data;
    const rgb = Buffer.alloc(scene.width * scene.height * 3);
    for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) rgb.set([rgba[i]!, rgba[i + 1]!, rgba[i + 2]!], j);
    redacted = await redactScenes(dir, [['letter', { ...scene, rgb }]]);
  }, 300_000);
  afterAll(() => cleanup());

  it("reads the letter's lines too: the BSN in them is covered, and the card's number", async () => {
    const copy = await decode(redacted.entry('letter').output!);
    expect(blackShare(copy, bsnBox, 60)).toBeGreaterThan(0.99);
    const card = redacted.scene('letter').docs[0]!;
    expect(blackShare(copy, card.fields['documentNumber']!, 60)).toBeGreaterThan(0.99);
    expect(unchangedShare(redacted.scene('letter'), copy, card.fields['surname']!, 48)).toBeGreaterThan(0.98);
  });
});
