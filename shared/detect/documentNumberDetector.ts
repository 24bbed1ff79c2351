import { boxToQuad, quadCenter, quadContains, type Box } from '../geometry.js';
import { editDistance, spansReadingAs } from './printedMatch.js';
import { parsesOf, type MrzReading } from '../mrz/read.js';
import type { Detector, PageAnalysis } from './types.js';
import { readsAsDate, wordsOfDates } from './dateShapes.js';
import { compactValue, spanQuad, SpanCovers, spansAfterLabels, wordSpans, type WordSpan } from './textSpans.js';
import type { TextFrame, VizWord } from './textFrame.js';

/** Labels printed before document numbers, EN/NL/DE/FR/ES/IT (lower case, punctuation removed). */
export const DOCUMENT_NUMBER_LABELS = [
  'passport no',
  'passport number',
  'document no',
  'document number',
  'card no',
  'card number',
  'documentnummer',
  'paspoortnummer',
  'nummer identiteitskaart',
  'ausweisnummer',
  'kartennummer',
  'passnummer',
  'pass-nr',
  'no du document',
  'n° du document',
  'numéro du document',
  'no de passeport',
  'n° de passeport',
  'número de documento',
  'numero de documento',
  'núm soporte',
  'número de pasaporte',
  'numero documento',
  'numero del documento',
  'numero passaporto',
  'n passaporto',
  // Visas: the foil's own number and the file it was issued on (US "IV Case Number", "Control Number").
  'visa number',
  'visa no',
  'case number',
  'control number',
];

/** Labels of the card-access number (CAN), the six digits that unlock a card's chip: it counts as a document number. */
export const CAN_LABELS = ['can', 'card access number', 'zugangsnummer', "numéro d'accès", 'toegangsnummer'];

function insideCovered(analysis: PageAnalysis, frame: TextFrame, span: WordSpan): boolean {
  const centre = quadCenter(spanQuad(frame, span));
  return analysis.regions.some((r) => r.kind === 'mrz' && quadContains(r.quad ?? boxToQuad(r.box), centre));
}

/**
 * Covers every printed document number: the number read from the MRZ wherever
 * it appears in the visual zone (tolerant to OCR confusions and spaces), and
 * values printed next to a document-number label.
 */
export const documentNumberDetector: Detector = {
  name: 'document-number',
  async detect(analysis) {
    const spans = wordSpans(analysis.words, 3);
    const frame = analysis.textFrame;
    if (!frame) return;
    const found = new SpanCovers(frame, analysis.words);
    const add = (span: WordSpan, confidence: number, reason: string): void => {
      if (!insideCovered(analysis, frame, span)) found.add(span, confidence, reason);
    };
    const mrzNumberWords = new Set<VizWord>();
    for (const { span, reading } of spansReadingAsMrzNumber(analysis.mrz, spans)) {
      add(span, 0.95, `the document number read from the MRZ (${reading.parsed.format}) printed in the visual zone`);
      for (const word of span.words) mrzNumberWords.add(word);
    }
    const names = mrzNameWords(analysis.mrz);
    const dates = wordsOfDates(analysis.words);
    const labelled = spansAfterLabels(analysis.words, DOCUMENT_NUMBER_LABELS, 3);
    // A label whose value reads as the MRZ's number has no other: what else lies after it is
    // another field, or the label again in another language (the Zimbabwean specimen's
    // "PASSPORT NO / PASIPOTI NHAMBA": "PASIPOT)" had been covered as a misread number).
    const answered = new Set(
      labelled.filter(({ span }) => span.words.some((w) => mrzNumberWords.has(w))).map((l) => l.labelBox),
    );
    const valued = new Set<Box>();
    // A label only a close read found says so: "the label "document no", read closely ...".
    const labelNamed = (label: string, how?: string): string => `the label "${label}"${how ? `, ${how}` : ''}`;
    for (const { span, label, nearest, labelBox, labelFoundBy } of labelled) {
      if (answered.has(labelBox) || !readsAsLabelledNumber(span, dates)) continue;
      add(span, 0.8, `printed as the value of ${labelNamed(label, labelFoundBy)}`);
      // A value of digits further down may be another field's (a date misread): the line right
      // under the label is still looked at for its misread number.
      if (nearest) valued.add(labelBox);
    }
    // A label with no value of digits right under it: its value may have lost them to OCR.
    for (const { span, label, nearest, labelBox, labelFoundBy } of labelled) {
      if (answered.has(labelBox) || valued.has(labelBox) || !nearest || !readsAsMisreadNumber(span, names, dates))
        continue;
      add(
        span,
        0.6,
        `printed as the value of ${labelNamed(label, labelFoundBy)} (read with fewer than two digits: OCR may have misread it)`,
      );
    }
    for (const { span, label } of spansAfterLabels(analysis.words, CAN_LABELS, 2)) {
      // Six digits exactly: "CAN" is also Canada's country code, printed before names.
      if (/^[0-9]{6}$/.test(span.compact)) add(span, 0.8, `card-access number (CAN) next to the label "${label}"`);
    }
    // Cards such as the German ID card print the CAN alone, without a label, in a corner of the front.
    const onCard = analysis.mrz.every((m) => m.parsed.format === 'TD1');
    if (onCard) {
      for (const span of spans) {
        if (span.words.length === 1 && /^[0-9]{6}$/.test(span.compact) && standsAlone(span, spans)) {
          add(span, 0.5, 'a lone six-digit number, the way ID cards print their card-access number (CAN)');
        }
      }
    }
    analysis.regions.push(...found.regions('document_number', analysis.page.index, 'document-number'));
  },
};

/**
 * A label's value read as a document number: 5-16 letters and digits, two
 * digits at least, not a date nor part of one (`dates`, see wordsOfDates).
 */
function readsAsLabelledNumber(span: WordSpan, dates: ReadonlySet<VizWord>): boolean {
  return (
    /^[A-Z0-9]{5,16}$/.test(span.compact) &&
    /[0-9].*[0-9]/.test(span.compact) &&
    !readsAsDate(span.text) &&
    !span.words.some((w) => dates.has(w))
  );
}

/**
 * A label's value read with fewer than two digits that is still its number,
 * misread: small print read as letters (8 as B, 5 as S, 0 as O; measured on
 * generated card fronts at 110-150 dpi, where "KIBMYQ8AI" was read
 * "KIBMYQBAI" and "NEA5EQFFH" "NEASEQFFH", the latter with confidence 91).
 * One word of six characters or more, or two OCR split one into, printed in
 * capitals, not a date nor part of one, not one of the holder's names as the
 * MRZ spells them (the Taiwanese specimen's MEI-HUA, read "WEI-HUA" under its
 * "Passport No." label). Only for a label no value of digits follows, and only
 * on the label's line or the first below it (see spansAfterLabels): a later
 * field's label or value may be printed in capitals too.
 */
export function readsAsMisreadNumber(span: WordSpan, names: readonly string[], dates: ReadonlySet<VizWord>): boolean {
  return (
    /^[A-Z0-9]{6,16}$/.test(span.compact) &&
    span.words.length <= 2 &&
    span.words.every((w) => /^[A-Z0-9]+$/.test(w.text.replace(/[^\p{L}\p{N}]/gu, '')) && !dates.has(w)) &&
    !readsAsDate(span.text) &&
    !readsAsName(span.compact, names)
  );
}

/** Some span of `words` after a document-number label reads as a document number. */
export function hasLabelledDocumentNumber(words: readonly VizWord[]): boolean {
  const dates = wordsOfDates(words);
  return spansAfterLabels(words, DOCUMENT_NUMBER_LABELS, 3).some(({ span }) => readsAsLabelledNumber(span, dates));
}

/**
 * Spans that read as the document number of one of `readings` (tolerant to OCR
 * confusions, see readsAs). Numbers of fewer than five characters are not
 * looked for: they would match too much.
 */
export function spansReadingAsMrzNumber(
  readings: readonly MrzReading[],
  spans: readonly WordSpan[],
): { span: WordSpan; reading: MrzReading }[] {
  const found: { span: WordSpan; reading: MrzReading }[] = [];
  for (const reading of readings) {
    const targets = mrzDocumentNumbers(reading);
    for (const span of spansReadingAs(spans, targets)) found.push({ span, reading });
  }
  return found;
}

/** The document numbers a reading names (one per parse), when long enough to look for. */
export function mrzDocumentNumbers(reading: MrzReading): string[] {
  const values = parsesOf(reading).map((parsed) => compactValue(parsed.fields.documentNumber));
  return [...new Set(values)].filter((value) => value.length >= 5);
}

/**
 * The holder's names as the MRZ spells them, word by word and given names
 * joined ("LIN", "MEI", "HUA", "MEIHUA": printed "LIN, MEI-HUA").
 */
export function mrzNameWords(readings: readonly MrzReading[]): string[] {
  return readings.flatMap(parsesOf).flatMap(({ fields }) => {
    const words = (text: string): string[] => text.split(/[^A-Z]+/).filter(Boolean);
    return [...words(fields.surname), ...words(fields.givenNames), words(fields.givenNames).join('')];
  });
}

/** A word OCR was unsure of that reads as one of the holder's names (one letter off in names of four or more). */
export function readsAsName(compact: string, names: readonly string[]): boolean {
  return names.some((name) => (name.length >= 4 ? editDistance(compact, name) <= 1 : compact === name));
}

/**
 * No other number printed right before or after it on its line (it is not
 * part of a date or a longer number). A read of the same place by another
 * rendering is never a neighbour: wordSpans does not join two reads of one
 * print (a generated card's CAN "481516", read "4815716" with only the
 * darkest print kept, had gone uncovered).
 */
function standsAlone(span: WordSpan, spans: readonly WordSpan[]): boolean {
  const word = span.words[0]!;
  return !spans.some(
    (other) => other.words.length === 2 && other.words.includes(word) && other.words.every((w) => /[0-9]/.test(w.text)),
  );
}
