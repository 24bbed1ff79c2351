import { quadCenter, quadContains } from '../geometry.js';
import { FORMATS } from '../mrz/formats.js';
import { parseMrz, score, type ParsedMrz } from '../mrz/parse.js';
import { parsesOf } from '../mrz/read.js';
import { ocrLines } from './textSpans.js';
import type { Detector } from './types.js';

/**
 * Reads an MRZ whose check digits failed, or passed only after characters were
 * changed, a second time, from the words the printed-text reader (Tesseract's
 * LSTM engine) found inside its zone. On a low-contrast copy the LSTM engine
 * can read lines the MRZ reader (legacy engine) garbles: the old Dutch
 * specimen's MRZ, 3 of 5 check digits valid, reads with all 5 valid from its
 * words; the Latvian booklet photo's, all valid after 7 changes, had its
 * fillers read as letters ("111111Q116485L" for "111111<11648<<": its printed
 * personal number "111111-11648" matched nothing) and reads right from its
 * words, with none. A better reading is kept beside the
 * first (`MrzReading.alternatives`): the number detectors look for its values
 * in the visual zone too, while the MRZ's cover, status and report stay those
 * of the first reading (a check digit can pass on a misread: "XADC0D014" and
 * "XA0000014" share one).
 */
export const mrzSecondRead: Detector = {
  name: 'mrz-second-read',
  async detect(analysis) {
    for (const reading of analysis.mrz) {
      if (reading.parsed.allChecksValid && reading.parsed.corrections === 0) continue;
      const inside = analysis.words.filter((w) => quadContains(reading.zoneQuad, quadCenter(w.quad)));
      const lines = ocrLines(inside).map((line) => line.map((w) => w.text).join(''));
      const better = betterParses(lines, reading.parsed);
      if (better.length > 0) reading.alternatives = [...(reading.alternatives ?? []), ...better];
      for (const parsed of personalNumberReads(lines, reading.parsed)) {
        const known = [...parsesOf(reading), ...(reading.personalNumberReads ?? [])];
        if (!known.some((p) => p.fields.optionalFields.join('<') === parsed.fields.optionalFields.join('<')))
          reading.personalNumberReads = [...(reading.personalNumberReads ?? []), parsed];
      }
    }
  },
};

/**
 * Parses of the lines (see bestParse) whose personal-number field holds its
 * own check digit, whatever the others do: a personal number the personal-number
 * detector then looks for in the visual zone too (their other fields are not
 * taken: a document number whose check digit failed is no number to cover). On a generated passport at
 * 110 dpi the MRZ reader read "2365678Z" for "123456782" (its check digit
 * passing on the misread) and the LSTM engine's words the right value, with
 * the document number's "0" read as "O": fewer checks valid in all, so no
 * better reading, and the printed personal number stayed visible.
 */
function personalNumberReads(lines: readonly string[], first: ParsedMrz): ParsedMrz[] {
  const valid = (p: ParsedMrz): boolean => p.checks.some((c) => c.name === 'personalNumber' && c.valid);
  return lineGroups(lines, first).filter((p) => valid(p) && p.fields.optionalFields.some((f) => f.length > 0));
}

const validChecks = (p: ParsedMrz): number => p.checks.filter((c) => c.valid).length;

/**
 * `parsed` reads the lines better than `first`: more check digits valid, or all
 * of them with fewer characters changed to make them so, and other characters.
 */
function readsBetter(parsed: ParsedMrz, first: ParsedMrz): boolean {
  if (validChecks(parsed) > validChecks(first)) return true;
  return (
    parsed.allChecksValid &&
    first.allChecksValid &&
    parsed.corrections < first.corrections &&
    parsed.lines.join('') !== first.lines.join('')
  );
}

/** At most this many better readings are kept (the page's read and a second read of its zone give two or three). */
const MAX_BETTER = 3;

/**
 * Consecutive long lines parsed as an MRZ of the first reading's format, where
 * that reads them better (see readsBetter), best first, each reading once: as
 * read, and fitted to the format's line length (cut, or padded with fillers).
 * The LSTM engine reads a run of fillers as one of another length
 * ("JOHANNA<MARIA<<<<<..." as "JOHANNAKMARIACCL<<CLCCLCL<LCLL", 49 characters
 * for 44, on a generated passport at 110 dpi), which costs a names line
 * nothing the checks need. Not the best alone: on a blurred phone photo the
 * page's read had the number right ("IXS346827", 3 of 5 checks) and a second
 * read of its zone had it wrong with a check more passing by chance
 * ("IX33A0827"); only the best kept, the number printed on the page was
 * looked for as the wrong one and stayed visible.
 */
function betterParses(lines: readonly string[], first: ParsedMrz): ParsedMrz[] {
  const better = lineGroups(lines, first)
    .filter((parsed) => readsBetter(parsed, first))
    .sort((a, b) => score(b) - score(a));
  const distinct = better.filter((p, i) => better.findIndex((q) => q.lines.join() === p.lines.join()) === i);
  return distinct.slice(0, MAX_BETTER);
}

/** Each run of consecutive long lines parsed as an MRZ of `first`'s format: as read, and fitted to its line length. */
function lineGroups(lines: readonly string[], first: ParsedMrz): ParsedMrz[] {
  const { lineCount, lineLength } = FORMATS[first.format];
  const long = lines.filter((l) => l.length >= lineLength / 2);
  const fit = (line: string): string =>
    line.length > lineLength ? line.slice(0, lineLength) : line.padEnd(lineLength, '<');
  const parses: ParsedMrz[] = [];
  for (let i = 0; i + lineCount <= long.length; i++) {
    const group = long.slice(i, i + lineCount);
    for (const candidate of [group, group.map(fit)]) {
      const parsed = parseMrz(candidate);
      if (parsed && parsed.format === first.format) parses.push(parsed);
    }
  }
  return parses;
}
