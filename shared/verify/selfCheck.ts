import { analysePage, emptyAnalysis } from '../detect/analyse.js';
import { mrzDetector } from '../detect/mrzDetector.js';
import type { PageAnalysis } from '../detect/types.js';
import type { RedactedPage } from '../export/encode.js';
import { boxToQuad, quadBounds, quadContains } from '../geometry.js';
import type { OcrService } from '../ocr/service.js';
import type { Region } from '../regions.js';
import type { Finding } from './findings.js';
import { pixelFindings } from './pixelFindings.js';

/**
 * How a redacted page is checked before it is written.
 * - `quick` (the CLI's default): the MRZ search runs again on the redacted
 *   pixels (any MRZ line or fragment left outside a cover is found), and every
 *   cover is checked to be opaque in those pixels. Faces and printed numbers
 *   are not searched again: the same detectors on the same pixels outside the
 *   covers would see what they saw the first time, all of which is covered.
 * - `thorough` (the app, `--thorough-check`): everything `verify` runs on
 *   pixels — MRZ, faces, printed numbers — on the redacted page, which about
 *   doubles the time per page.
 */
export type SelfCheckMode = 'quick' | 'thorough';

/** A cover counts as opaque when no more than this share of its pixels shows anything but black. */
const MAX_UNCOVERED_SHARE = 0.001;

/** What still leaks on a redacted page: empty when nothing does. */
export async function selfCheck(
  copy: RedactedPage,
  index: number,
  ocr: OcrService,
  mode: SelfCheckMode = 'thorough',
  covers: readonly Region[] = [],
): Promise<Finding[]> {
  const page = { index, width: copy.width, height: copy.height, rgb: copy.rgb };
  let analysis: PageAnalysis;
  if (mode === 'thorough') analysis = await analysePage(page, ocr);
  else {
    analysis = emptyAnalysis(page);
    await mrzDetector.detect(analysis, { ocr });
  }
  const findings = pixelFindings(analysis).filter((f) => f.severity !== 'low');
  for (const region of covers) if (region.page === index) findings.push(...coverFindings(copy, region));
  return findings;
}

/** A cover whose pixels are not all black: what it should hide may show through. */
function coverFindings(copy: RedactedPage, region: Region): Finding[] {
  const quad = region.quad ?? boxToQuad(region.box);
  const bounds = quadBounds(quad);
  let inside = 0;
  let showing = 0;
  const x0 = Math.max(0, Math.floor(bounds.x));
  const y0 = Math.max(0, Math.floor(bounds.y));
  const x1 = Math.min(copy.width, Math.ceil(bounds.x + bounds.width));
  const y1 = Math.min(copy.height, Math.ceil(bounds.y + bounds.height));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (!quadContains(quad, { x: x + 0.5, y: y + 0.5 })) continue;
      inside++;
      const i = (y * copy.width + x) * 3;
      if (copy.rgb[i] !== 0 || copy.rgb[i + 1] !== 0 || copy.rgb[i + 2] !== 0) showing++;
    }
  }
  if (inside === 0 || showing / inside <= MAX_UNCOVERED_SHARE) return [];
  return [
    {
      kind: 'cover_not_opaque',
      severity: 'high',
      page: region.page,
      box: region.box,
      evidence: `the cover over the ${region.kind.replace('_', ' ')} is not opaque: ${Math.round((100 * showing) / inside)} % of its pixels show through`,
    },
  ];
}
