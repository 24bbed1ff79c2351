import type { PageLayout } from '../mrz/locate.js';
import { readMrzs } from '../mrz/read.js';
import type { OcrService } from '../ocr/service.js';
import type { Detector, PageAnalysis } from './types.js';

/** Covers every MRZ on the page: the whole zone, with its safety margin. */
export const mrzDetector: Detector = {
  name: 'mrz',
  detect: (analysis, { ocr }) => coverMrzs(analysis, ocr),
};

/** What mrzDetector does, on a page whose MRZ blocks may already have been located (`layout`). */
export async function coverMrzs(analysis: PageAnalysis, ocr: OcrService, layout?: PageLayout): Promise<void> {
  const { readings, unreadable, textDirections } = await readMrzs(analysis.gray, ocr, layout);
  analysis.textDirections = textDirections;
  for (const block of unreadable) {
    analysis.regions.push({
      kind: 'mrz',
      page: analysis.page.index,
      box: block.zoneBox,
      quad: block.zoneQuad,
      confidence: 0.5,
      reason: `MRZ-shaped text (${block.lineCount} ${block.lineCount === 1 ? 'line' : 'lines'} of evenly spaced characters with fillers) that could not be read: covered to be safe`,
      detector: 'mrz',
    });
    analysis.warnings.push(
      `page ${analysis.page.index + 1}: an unreadable MRZ-like block was covered; check the copy by eye`,
    );
  }
  for (const reading of readings) {
    const { parsed } = reading;
    const valid = parsed.checks.filter((c) => c.valid).length;
    const lineCount = parsed.lines.length;
    const status =
      valid === parsed.checks.length
        ? 'all check digits valid'
        : `${valid} of ${parsed.checks.length} check digits valid (${parsed.checks
            .filter((c) => !c.valid)
            .map((c) => c.name)
            .join(', ')} failed)`;
    analysis.mrz.push(reading);
    analysis.regions.push({
      kind: 'mrz',
      page: analysis.page.index,
      box: reading.zoneBox,
      quad: reading.zoneQuad,
      confidence: parsed.allChecksValid ? 0.99 : Math.max(0.5, valid / Math.max(1, parsed.checks.length)),
      reason: `${parsed.format} MRZ, ${lineCount} lines, ${status}`,
      detector: 'mrz',
    });
    if (!parsed.allChecksValid) {
      analysis.warnings.push(
        `page ${analysis.page.index + 1}: MRZ covered, but ${status}: check that nothing of it is left visible`,
      );
    }
  }
}
