import { quadCenter, quadContains } from '../geometry.js';
import { FORMATS } from '../mrz/formats.js';
import { parseMrz, score, type ParsedMrz } from '../mrz/parse.js';
import { ocrLines } from './textSpans.js';
import type { Detector } from './types.js';

/**
 * Reads an MRZ whose check digits failed a second time, from the words the
 * printed-text reader (Tesseract's LSTM engine) found inside its zone. On a
 * low-contrast copy the LSTM engine can read lines the MRZ reader (legacy
 * engine) garbles: the old Dutch specimen's MRZ, 3 of 5 check digits valid,
 * reads with all 5 valid from its words. A better reading is kept beside the
 * first (`MrzReading.alternatives`): the number detectors look for its values
 * in the visual zone too, while the MRZ's cover, status and report stay those
 * of the first reading (a check digit can pass on a misread: "XADC0D014" and
 * "XA0000014" share one).
 */
export const mrzSecondRead: Detector = {
  name: 'mrz-second-read',
  async detect(analysis) {
    for (const reading of analysis.mrz) {
      if (reading.parsed.allChecksValid) continue;
      const inside = analysis.words.filter((w) => quadContains(reading.zoneQuad, quadCenter(w.quad)));
      const lines = ocrLines(inside).map((line) => line.map((w) => w.text).join(''));
      const better = bestParse(lines, reading.parsed);
      if (better) reading.alternatives = [...(reading.alternatives ?? []), better];
    }
  },
};

/** Consecutive long lines parsed as an MRZ of the first reading's format, if that scores better than it. */
function bestParse(lines: readonly string[], first: ParsedMrz): ParsedMrz | undefined {
  const { lineCount, lineLength } = FORMATS[first.format];
  const long = lines.filter((l) => l.length >= lineLength / 2);
  const validChecks = (p: ParsedMrz): number => p.checks.filter((c) => c.valid).length;
  let best: ParsedMrz | undefined;
  for (let i = 0; i + lineCount <= long.length; i++) {
    const parsed = parseMrz(long.slice(i, i + lineCount));
    if (!parsed || parsed.format !== first.format || validChecks(parsed) <= validChecks(first)) continue;
    if (!best || score(parsed) > score(best)) best = parsed;
  }
  return best;
}
