import { analysePage } from '../detect/analyse.js';
import type { RedactedPage } from '../export/encode.js';
import type { OcrService } from '../ocr/service.js';
import type { Finding } from './findings.js';
import { pixelFindings } from './pixelFindings.js';

/**
 * The pixel checks of `verify`, run on a redacted page before it is written:
 * whatever they still find means the copy needs a person's look.
 */
export async function selfCheck(page: RedactedPage, index: number, ocr: OcrService): Promise<Finding[]> {
  const analysis = await analysePage({ index, width: page.width, height: page.height, rgb: page.rgb }, ocr);
  return pixelFindings(analysis).filter((f) => f.severity !== 'low');
}
