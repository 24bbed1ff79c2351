import { afterAll, describe, expect, it } from 'vitest';
import { analysePage } from '../shared/detect/analyse.js';
import { OcrService } from '../shared/ocr/service.js';
import { renderRedactedPage } from '../shared/redact/render.js';
import type { Region } from '../shared/regions.js';
import { selfCheck } from '../shared/verify/selfCheck.js';
import { drawTd1Back, drawTd3 } from './fixtures/documents.js';
import { PEOPLE } from './fixtures/mrzText.js';
import { singleDocumentScene } from './fixtures/scene.js';

const ocr = new OcrService();
afterAll(() => ocr.terminate());

describe('the quick self-check of a redacted page', () => {
  const scene = singleDocumentScene(drawTd1Back(PEOPLE.card, 200));
  const page = { index: 0, width: scene.width, height: scene.height, rgb: scene.rgb };

  it('passes a properly covered page, finds an MRZ left uncovered and a cover that is not painted', async () => {
    const analysis = await analysePage(page, ocr);
    const mrz = analysis.regions.filter((r) => r.kind === 'mrz');
    expect(mrz).toHaveLength(1);

    const copy = renderRedactedPage(page, analysis.regions);
    expect(await selfCheck(copy, 0, ocr, 'quick', analysis.regions)).toEqual([]);

    // The MRZ's cover left out of the pixels: the MRZ search on the copy reads it, and the
    // cover the report claims is not there.
    const withoutMrz = renderRedactedPage(
      page,
      analysis.regions.filter((r) => r.kind !== 'mrz'),
    );
    const found = await selfCheck(withoutMrz, 0, ocr, 'quick', analysis.regions);
    expect(found.map((f) => f.kind)).toEqual(expect.arrayContaining(['mrz', 'cover_not_opaque']));
    expect(found.find((f) => f.kind === 'cover_not_opaque')!.evidence).toMatch(/cover over the mrz is not opaque/);

    // A cover with a hole (drawn as two halves of what the report claims) shows through.
    const claimed: Region = { ...mrz[0]!, quad: undefined, box: { x: 10, y: 10, width: 200, height: 40 } };
    const half: Region = { ...claimed, box: { x: 10, y: 10, width: 100, height: 40 } };
    const holed = renderRedactedPage(page, [...analysis.regions, half]);
    const hole = await selfCheck(holed, 0, ocr, 'quick', [...analysis.regions, claimed]);
    expect(hole.map((f) => f.kind)).toEqual(['cover_not_opaque']);
  }, 120_000);

  it('finds an MRZ left uncovered on a large page, which it searches on a copy reduced from the colours', async () => {
    // 600 dpi: about 3000 pixels wide, so the search runs on a copy reduced by half.
    const large = singleDocumentScene(drawTd3(PEOPLE.passport, 600));
    const largePage = { index: 0, width: large.width, height: large.height, rgb: large.rgb };
    expect(Math.max(largePage.width, largePage.height)).toBeGreaterThan(1800);
    const analysis = await analysePage(largePage, ocr);
    expect(analysis.regions.filter((r) => r.kind === 'mrz')).toHaveLength(1);
    expect(await selfCheck(renderRedactedPage(largePage, analysis.regions), 0, ocr, 'quick')).toEqual([]);
    const withoutMrz = renderRedactedPage(
      largePage,
      analysis.regions.filter((r) => r.kind !== 'mrz'),
    );
    const found = await selfCheck(withoutMrz, 0, ocr, 'quick');
    expect(found.map((f) => f.kind)).toContain('mrz');
    expect(found.find((f) => f.kind === 'mrz')!.evidence).toMatch(/TD3 MRZ still readable/);
  }, 120_000);
});
