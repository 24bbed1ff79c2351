import { analysePage, emptyAnalysis } from '../detect/analyse.js';
import { coverMrzs } from '../detect/mrzDetector.js';
import type { PageAnalysis } from '../detect/types.js';
import type { RedactedPage } from '../export/encode.js';
import { boxToQuad, convexSpanAt, quadBounds } from '../geometry.js';
import { locateMrzCandidatesInRgb } from '../mrz/locate.js';
import { mrzBlocks } from '../mrz/read.js';
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
  let analysis: PageAnalysis | undefined;
  if (mode === 'thorough') analysis = await analysePage(page, ocr);
  else {
    const layout = locateMrzCandidatesInRgb(copy.rgb, copy.width, copy.height);
    // Nothing MRZ-like left on the copy (the usual case): no full-size grey copy is made to read it.
    if (mrzBlocks(layout).length > 0) {
      analysis = emptyAnalysis(page);
      await coverMrzs(analysis, ocr, layout);
    }
  }
  const findings = analysis ? pixelFindings(analysis).filter((f) => f.severity !== 'low') : [];
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
  // Each row's pixels whose centres lie inside the (convex) quad: one span per row.
  for (let y = y0; y < y1; y++) {
    const span = convexSpanAt(quad, y + 0.5);
    if (!span) continue;
    const from = Math.max(x0, Math.ceil(span[0] - 0.5));
    const to = Math.min(x1 - 1, Math.floor(span[1] - 0.5));
    for (let x = from, i = (y * copy.width + from) * 3; x <= to; x++, i += 3) {
      inside++;
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
