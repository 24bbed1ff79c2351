import { afterAll, describe, expect, it } from 'vitest';
import { detectFaces, stopFaceDetector } from '../shared/faces/faceDetector.js';
import type { PageImage } from '../shared/load/page.js';
import { drawTd3 } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { specimenPortrait } from './fixtures/portraits.js';
import { singleDocumentScene } from './fixtures/scene.js';
import { specimensAvailable } from './helpers/specimens.js';

// The face model runs in a thread of its own; these check what crosses the thread boundary:
// boxes come back in page pixels, the page handed over stays usable, and a stopped thread is
// replaced on the next detection.

async function passportPage(): Promise<{
  page: PageImage;
  portrait: { x0: number; y0: number; x1: number; y1: number };
}> {
  const scene = singleDocumentScene(drawTd3(PEOPLE.passport, 200, { photo: await specimenPortrait() }), 0, 40);
  const corners = scene.docs[0]!.fields.portrait!;
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  return {
    page: { index: 0, width: scene.width, height: scene.height, rgb: scene.rgb },
    portrait: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) },
  };
}

afterAll(() => stopFaceDetector());

describe.skipIf(!specimensAvailable)('the face detector thread', () => {
  it('finds the portrait on a page, in page pixels, and leaves the page intact', async () => {
    const { page, portrait } = await passportPage();
    const before = Buffer.from(page.rgb);
    const faces = await detectFaces(page);
    expect(faces.length).toBeGreaterThan(0);
    const face = faces[0]!.box;
    const centre = { x: face.x + face.width / 2, y: face.y + face.height / 2 };
    expect(centre.x).toBeGreaterThan(portrait.x0);
    expect(centre.x).toBeLessThan(portrait.x1);
    expect(centre.y).toBeGreaterThan(portrait.y0);
    expect(centre.y).toBeLessThan(portrait.y1);
    expect(face.width).toBeGreaterThan((portrait.x1 - portrait.x0) / 4);
    expect(page.rgb.equals(before)).toBe(true);
  }, 60_000);

  it('answers several detections at once, each with its own page', async () => {
    const { page } = await passportPage();
    const blank: PageImage = { index: 1, width: 400, height: 300, rgb: Buffer.alloc(400 * 300 * 3, 230) };
    const [onPage, onBlank, again] = await Promise.all([detectFaces(page), detectFaces(blank), detectFaces(page)]);
    expect(onPage.length).toBeGreaterThan(0);
    expect(onBlank).toEqual([]);
    expect(again).toEqual(onPage);
    // Small enough to be looked at as it is: its own pixels were sent, and must still be here.
    expect(blank.rgb.length).toBe(400 * 300 * 3);
    expect(blank.rgb.every((v) => v === 230)).toBe(true);
  }, 60_000);

  it('starts a new thread after the old one was stopped', async () => {
    const { page } = await passportPage();
    const first = await detectFaces(page);
    await stopFaceDetector();
    expect(await detectFaces(page)).toEqual(first);
  }, 60_000);
});
