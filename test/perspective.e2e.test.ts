import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quad } from '../shared/geometry.js';
import { findDocumentOutlines } from '../shared/layout/documentOutline.js';
import { drawTd1Back, drawTd1Front, drawTd3 } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { specimenPortrait } from './fixtures/portraits.js';
import { perspectivePhoto, singleDocumentScene, type Scene } from './fixtures/scene.js';
import { tempDir } from './helpers/cli.js';
import { blackShare, decode, unchangedShare } from './helpers/pixels.js';
import { redactScenes, type RedactedScenes } from './helpers/redactScenes.js';
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

  it('finds each document outline within a few pixels of its true corners', () => {
    for (const [name, scene] of Object.entries(scenes)) {
      const page = { index: 0, width: scene.width, height: scene.height, rgb: scene.rgb };
      const outlines = findDocumentOutlines(page);
      expect(outlines, name).toHaveLength(1);
      outlines[0]!.corners.forEach((corner, i) => {
        const truth = CORNERS[name]![i]!;
        expect(Math.hypot(corner.x - truth.x, corner.y - truth.y), `${name} corner ${i}`).toBeLessThan(15);
      });
      expect(outlines[0]!.skewDeg).toBeGreaterThan(3);
    }
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
      for (const field of fields) expect(blackShare(raster, truth.fields[field]!, 0), `${name} ${field}`).toBe(1);
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
