import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistFor } from '../shared/checklist.js';
import { boxToQuad } from '../shared/geometry.js';
import { OcrService } from '../shared/ocr/service.js';
import { burnWatermark, watermarkText } from '../shared/redact/watermark.js';
import type { Region } from '../shared/regions.js';
import { analyseForReview, CancelledError, exportReviewed, type ReviewDocument } from '../shared/review.js';
import { drawTd1Back, drawTd3 } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { specimenPortrait } from './fixtures/portraits.js';
import { encodeScene, singleDocumentScene, type Scene } from './fixtures/scene.js';
import { sha256, tempDir } from './helpers/cli.js';
import { blackShare, boxCorners, decode, unchangedShare } from './helpers/pixels.js';
import { specimensAvailable } from './helpers/specimens.js';

describe('watermark', () => {
  it('proposes the KopieID-style wording and skips empty parts', () => {
    expect(watermarkText('ACME B.V.', 'subject access request', '2026-11-26')).toBe(
      'Copy for ACME B.V. — subject access request — 2026-11-26',
    );
    expect(watermarkText('ACME', ' ', '2026-11-26')).toBe('Copy for ACME — 2026-11-26');
  });

  it('darkens a share of a blank page, semi-transparently, all over', () => {
    const width = 900;
    const height = 600;
    const page = { width, height, rgb: Buffer.alloc(width * height * 3, 255) };
    const marked = burnWatermark(page, { text: 'Copy for ACME — SAR — 2026-11-26' });
    let changed = 0;
    let darkest = 255;
    const quadrants = [0, 0, 0, 0];
    for (let i = 0; i < marked.length; i += 3) {
      if (marked[i] === 255) continue;
      changed++;
      darkest = Math.min(darkest, marked[i]!);
      const p = i / 3;
      quadrants[(Math.floor(p / width) < height / 2 ? 0 : 2) + (p % width < width / 2 ? 0 : 1)]!++;
    }
    expect(changed / (width * height)).toBeGreaterThan(0.03);
    expect(darkest).toBeGreaterThan(120); // never opaque: the page stays readable under it
    for (const q of quadrants) expect(q).toBeGreaterThan(0); // repeated across the page
    expect(page.rgb.every((v) => v === 255)).toBe(true); // the input is not touched
  });
});

describe('checklist', () => {
  it('says covered, not found or not on this document', () => {
    const mrz = (format: 'TD1' | 'TD3', hasOptionalData: boolean) => ({
      format,
      lines: 2,
      checks: [],
      allChecksValid: true,
      documentNumber: 'X**1',
      hasOptionalData,
      lineBoxes: [],
      zoneBox: { x: 0, y: 0, width: 1, height: 1 },
      angle: 0,
    });
    const region = (kind: Region['kind']): Region => ({
      kind,
      page: 0,
      box: { x: 0, y: 0, width: 1, height: 1 },
      confidence: 1,
      reason: '',
      detector: 'test',
    });
    expect(checklistFor([{ regions: [region('mrz')], mrz: [mrz('TD1', true)] }])).toEqual({
      portrait: 'absent',
      ghostPortrait: 'absent',
      mrz: 'covered',
      documentNumber: 'absent',
      personalNumber: 'missing',
    });
    expect(
      checklistFor([
        { regions: [region('mrz'), region('portrait'), region('document_number')], mrz: [mrz('TD3', false)] },
      ]),
    ).toEqual({
      portrait: 'covered',
      ghostPortrait: 'look',
      mrz: 'covered',
      documentNumber: 'covered',
      personalNumber: 'absent',
    });
    expect(
      checklistFor([
        { regions: [region('mrz'), region('portrait'), region('ghost_portrait')], mrz: [mrz('TD3', true)] },
      ]).ghostPortrait,
    ).toBe('covered');
    expect(checklistFor([{ regions: [], mrz: [] }])).toEqual({
      portrait: 'missing',
      ghostPortrait: 'look',
      mrz: 'missing',
      documentNumber: 'missing',
      personalNumber: 'missing',
    });
  });
});

describe.runIf(specimensAvailable)('review and export (the app engine)', () => {
  const ocr = new OcrService({ workers: 2 });
  let dir: string;
  let cleanup: () => Promise<void>;
  let input: string;
  let scene: Scene;
  let review: ReviewDocument;
  const progress: number[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    scene = singleDocumentScene(drawTd3(PEOPLE.passport, 300, { photo: await specimenPortrait() }));
    input = path.join(dir, 'passport.png');
    await writeFile(input, await encodeScene(scene, 'png'));
    review = await analyseForReview(input, ocr, { onProgress: (p) => progress.push(p.page) });
  }, 120_000);
  afterAll(async () => {
    await ocr.terminate();
    await cleanup();
  });

  it('finds all four kinds, with a preview of each page and progress per page', () => {
    expect(review.checklist).toEqual({
      portrait: 'covered',
      // The generated page prints no second copy of its photo.
      ghostPortrait: 'look',
      mrz: 'covered',
      documentNumber: 'covered',
      personalNumber: 'covered',
    });
    expect(progress).toEqual([1]);
    expect(review.pages).toHaveLength(1);
    expect(review.pages[0]!.preview).toMatch(/^data:image\/jpeg;base64,/);
    expect(review.pages[0]!.width).toBe(scene.width);
  });

  it('exports the reviewed regions, a drawn box and the watermark, and nothing else', async () => {
    const truth = scene.docs[0]!;
    // The person deletes the document-number cover and draws a box over the nationality instead.
    const nationality = truth.fields.nationality!;
    const xs = nationality.map((p) => p.x);
    const ys = nationality.map((p) => p.y);
    const drawn = { x: Math.min(...xs) - 4, y: Math.min(...ys) - 4, width: 0, height: 0 };
    drawn.width = Math.max(...xs) + 4 - drawn.x;
    drawn.height = Math.max(...ys) + 4 - drawn.y;
    const regions: Region[] = [
      ...review.pages[0]!.regions.filter((r) => r.kind !== 'document_number'),
      { kind: 'manual', page: 0, box: drawn, quad: boxToQuad(drawn), confidence: 1, reason: 'drawn', detector: 'user' },
    ];
    const hash = await sha256(input);
    const output = path.join(dir, 'passport.redacted.png');
    const outcome = await exportReviewed(
      { input, output, format: 'png', regions, watermark: { text: 'Copy for ACME — SAR' } },
      ocr,
    );
    // The self-check sees the document number left uncovered.
    expect(outcome.selfCheck.map((f) => f.kind)).toContain('document_number');
    const raster = await decode(output);
    expect(await sha256(input)).toBe(hash);
    expect(blackShare(raster, truth.fields.nationality!, 0)).toBe(1);
    expect(blackShare(raster, truth.fields.portrait!, 0)).toBeGreaterThanOrEqual(0.99);
    for (const line of truth.mrzChars) for (const q of line) expect(blackShare(raster, q, 0)).toBe(1);
    // Not covered any more, and still no black on it (the watermark is translucent).
    expect(blackShare(raster, truth.fields.documentNumber!, 0)).toBeLessThan(0.3);
    // The watermark changed the page outside the covers.
    const original = { width: scene.width, height: scene.height, rgb: scene.rgb };
    const margin = boxCorners({ x: 0, y: 0, width: scene.width, height: 50 });
    expect(unchangedShare(original, raster, margin)).toBeLessThan(1);
  });

  it('refuses to write over the input and stops when cancelled', async () => {
    await expect(exportReviewed({ input, output: input, format: 'png', regions: [] }, ocr)).rejects.toThrow();
    const controller = new AbortController();
    controller.abort();
    await expect(analyseForReview(input, ocr, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });

  it('exports a card back as PDF with no text layer', async () => {
    const card = path.join(dir, 'card.jpg');
    await writeFile(card, await encodeScene(singleDocumentScene(drawTd1Back(PEOPLE.card)), 'jpeg'));
    const cardReview = await analyseForReview(card, ocr);
    expect(cardReview.checklist.portrait).toBe('absent');
    const output = path.join(dir, 'card.redacted.pdf');
    const cardOutcome = await exportReviewed(
      { input: card, output, format: 'pdf', regions: cardReview.pages.flatMap((p) => p.regions) },
      ocr,
    );
    expect(cardOutcome.selfCheck).toEqual([]);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const { readFile } = await import('node:fs/promises');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(await readFile(output)) }).promise;
    expect((await (await doc.getPage(1)).getTextContent()).items).toEqual([]);
    await doc.destroy();
  });
});
