import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFaces, detectionCopy, stopFaceDetector, type FaceDetection } from '../shared/faces/faceDetector.js';
import type { PageImage } from '../shared/load/page.js';
import { drawTd3 } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { specimenPortrait } from './fixtures/portraits.js';
import { singleDocumentScene } from './fixtures/scene.js';
import { loadSpecimens, specimensAvailable } from './helpers/specimens.js';

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

  it('finds what face-api itself finds, with the same weights', async () => {
    // The thread runs the network layer by layer (fused, freeing as it goes); face-api's own
    // forward pass on the same pictures is the reference.
    const require = createRequire(import.meta.url);
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
    const wasmBackend = require.resolve('@tensorflow/tfjs-backend-wasm');
    require(wasmBackend).setWasmPaths(path.dirname(wasmBackend) + path.sep, false);
    await faceapi.tf.setBackend('wasm');
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(
      path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'),
    );
    const reference = async (page: PageImage, minConfidence: number): Promise<FaceDetection[]> => {
      const tensor = faceapi.tf.tensor3d(page.rgb, [page.height, page.width, 3], 'int32');
      const found = await faceapi.detectAllFaces(
        tensor,
        new faceapi.SsdMobilenetv1Options({ minConfidence, maxResults: 10 }),
      );
      tensor.dispose();
      return found
        .map((f: FaceDetection) => ({
          score: f.score,
          box: { x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height },
        }))
        .sort((a: FaceDetection, b: FaceDetection) => b.score - a.score);
    };
    // Portrait and landscape pictures, some with a faint ghost portrait, plus a generated page.
    const pictures: PageImage[] = [(await passportPage()).page];
    for (const specimen of loadSpecimens().filter((_, i) => i % 4 === 0)) {
      const { data, info } = await sharp(specimen.image)
        .rotate()
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      pictures.push({ index: 0, width: info.width, height: info.height, rgb: data });
    }
    let compared = 0;
    for (const picture of pictures) {
      const { copy } = detectionCopy(picture);
      for (const minConfidence of [0.3, 0.1]) {
        const [ours, theirs] = [await detectFaces(copy, minConfidence, 1), await reference(copy, minConfidence)];
        expect(ours.length).toBe(theirs.length);
        ours.forEach((face, i) => {
          const other = theirs[i]!;
          expect(face.score).toBeCloseTo(other.score, 4);
          for (const key of ['x', 'y', 'width', 'height'] as const)
            expect(face.box[key]).toBeCloseTo(other.box[key], 1);
        });
        compared += ours.length;
      }
    }
    expect(compared).toBeGreaterThan(pictures.length);
  }, 180_000);
});
