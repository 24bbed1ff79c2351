import { boxToQuad, quadCenter, quadContains } from '../geometry.js';
import { coveredByRegions } from '../regions.js';
import { schemesFor, validatePersonalNumber } from '../ids/personalNumbers.js';
import { parsesOf, type MrzReading } from '../mrz/read.js';
import { spansReadingAs, type KnownValue } from './printedMatch.js';
import type { Detector, PageAnalysis } from './types.js';
import { readsAsDate } from './dateShapes.js';
import type { TextFrame, VizWord } from './textFrame.js';
import { spanQuad, SpanCovers, spansAfterLabels, wordSpans, type WordSpan } from './textSpans.js';

/** Labels printed before national personal numbers (lower case, punctuation removed). */
export const PERSONAL_NUMBER_LABELS = [
  'personal no',
  'personal number',
  'personal id',
  'persoonsnummer',
  'burgerservicenummer',
  'bsn',
  'national insurance',
  'rijksregisternummer',
  'numéro de registre national',
  'nir',
  'numéro de sécurité sociale',
  'pesel',
  'personnummer',
  'cpr',
  'fødselsnummer',
  'henkilötunnus',
  'codice fiscale',
  'dni',
  'nie',
  'pps',
  'social security',
  'ssn',
  'isikukood',
  'asmens kodas',
  'rodné číslo',
  'rodne cislo',
  'kennitala',
  'egn',
  'oib',
  'cnp',
  'cod numeric personal',
  'emšo',
  'emso',
  'personas kods',
  'identity no',
  'identity number',
  'id number',
  'id no',
  // US immigrant visas and residence cards: the alien registration number (A-number).
  'registration number',
  'alien number',
  'uscis',
];

/**
 * The personal numbers of a reading's optional data (of each of its parses and
 * personal-number reads), as they may be read in the visual zone: each field whole with its fillers dropped ("00<0000000<00" is
 * printed "00-0000000-00"), and each piece between fillers with the characters
 * printed before and after it. Only values long enough to look for: six
 * characters, or four for the last piece of a split number when it is mostly
 * digits and no year (the Finnish passport prints the "426U" of "211271<426U"
 * as "-426U" on its own, and with the date of birth that must stay readable it
 * spells the whole number; short values are matched exactly, see readDistance).
 */
export function mrzPersonalNumberValues(reading: MrzReading): KnownValue[] {
  const values = new Map<string, KnownValue>();
  // Printed with one separator after each piece ("311266-9539").
  const printedLength = (pieces: string[]): number => pieces.reduce((n, piece) => n + piece.length + 1, 0);
  for (const { fields } of [...parsesOf(reading), ...(reading.personalNumberReads ?? [])]) {
    for (const field of fields.optionalFields) {
      const pieces = field.split(/<+/).filter(Boolean);
      if (!values.has(pieces.join(''))) values.set(pieces.join(''), { text: pieces.join('') });
      pieces.forEach((piece, i) => {
        const charsBefore = printedLength(pieces.slice(0, i));
        const charsAfter = printedLength(pieces.slice(i + 1));
        const longEnough = piece.length >= 6 || (i > 0 && i === pieces.length - 1 && isNumberTail(piece));
        if (longEnough && !values.has(piece)) values.set(piece, { text: piece, charsBefore, charsAfter });
      });
    }
  }
  return [...values.values()].filter((v) => v.text.length >= 6 || isNumberTail(v.text));
}

/** Four or five characters, three digits at least, and not a year: the end of a number split at a filler. */
function isNumberTail(piece: string): boolean {
  return (
    piece.length >= 4 &&
    piece.length <= 5 &&
    (piece.match(/[0-9]/g) ?? []).length >= 3 &&
    !/^(19|20)[0-9]{2}$/.test(piece)
  );
}

/** The personal numbers of a reading's optional data (see mrzPersonalNumberValues). */
export function mrzPersonalNumbers(reading: MrzReading): string[] {
  return mrzPersonalNumberValues(reading).map((v) => v.text);
}

/**
 * Spans that read as a personal number of one of `readings`' optional data,
 * tolerant as for the document number: OCR drops or confuses a digit now and then.
 */
export function spansReadingAsMrzPersonalNumber(
  readings: readonly MrzReading[],
  spans: readonly WordSpan[],
): WordSpan[] {
  return spansReadingAs(spans, readings.flatMap(mrzPersonalNumberValues));
}

function insideMrz(analysis: PageAnalysis, frame: TextFrame, span: WordSpan): boolean {
  const centre = quadCenter(spanQuad(frame, span));
  return analysis.regions.some((r) => r.kind === 'mrz' && quadContains(r.quad ?? boxToQuad(r.box), centre));
}

/**
 * Covers national personal numbers printed in the visual zone: the twin of a
 * personal number in the MRZ's optional data (the MRZ copy is covered with the
 * MRZ), values of personal-number labels, and numbers that pass the document
 * country's validator (BSN 11-proof, PESEL, HETU, ...) wherever they stand.
 */
export const personalNumberDetector: Detector = {
  name: 'personal-number',
  async detect(analysis) {
    const frame = analysis.textFrame;
    if (!frame) return;
    const found = new SpanCovers(frame, analysis.words);
    const add = (span: WordSpan, confidence: number, reason: string): void => {
      if (insideMrz(analysis, frame, span)) return;
      // A number already covered as the document number is not a personal number too.
      const documentNumbers = analysis.regions.filter((r) => r.kind === 'document_number');
      if (coveredByRegions(spanQuad(frame, span), documentNumbers)) return;
      found.add(span, confidence, reason);
    };
    const country = analysis.mrz[0]?.parsed.fields.issuingState;
    const spans = wordSpans(analysis.words, 5);

    for (const span of spansReadingAsMrzPersonalNumber(analysis.mrz, spans)) {
      add(span, 0.95, 'the personal number in the MRZ optional data, printed in the visual zone');
    }
    for (const { span, label } of spansAfterLabels(analysis.words, PERSONAL_NUMBER_LABELS, 5, { cutShort: true })) {
      const valid = validatePersonalNumber(span.text, schemesFor(country));
      if (valid) add(span, 0.95, `printed under "${label}" and valid as a ${valid.scheme.name}`);
      else if (hasNumberShape(span)) add(span, 0.7, `printed as the value of the label "${label}"`);
    }
    // Without a label, only the document country's own schemes: a checksum alone
    // passes one random number in ten, so a foreign scheme is too weak a sign.
    if (country && schemesFor(country).every((s) => s.country === country)) {
      for (const span of spans) {
        if (span.compact.length < 8 || !/[0-9]{6}/.test(span.compact)) continue;
        const valid = validatePersonalNumber(span.text, schemesFor(country));
        if (valid) add(span, 0.85, `valid as a ${valid.scheme.name} (${country})`);
      }
    }
    analysis.regions.push(...found.regions('personal_number', analysis.page.index, 'personal-number'));
  },
};

/**
 * A label's value that no scheme validates is taken for a number by its shape:
 * mostly digits, and not a date (the next line's date of birth may be taken for the value).
 */
function hasNumberShape(span: WordSpan): boolean {
  return (
    /^[A-Z0-9]{6,14}$/.test(span.compact) && (span.compact.match(/[0-9]/g) ?? []).length >= 5 && !readsAsDate(span.text)
  );
}

/** Some span of `words` after a personal-number label reads as a personal number (valid under a scheme, or by its shape). */
export function hasLabelledPersonalNumber(words: readonly VizWord[]): boolean {
  return spansAfterLabels(words, PERSONAL_NUMBER_LABELS, 5, { cutShort: true }).some(
    ({ span }) => validatePersonalNumber(span.text, schemesFor(undefined)) !== undefined || hasNumberShape(span),
  );
}
