import { boxToQuad, quadCenter, quadContains } from '../geometry.js';
import type { Region } from '../regions.js';
import type { Detector, PageAnalysis } from './types.js';
import { addOrMerge, compactValue, spansAfterLabels, textCover, wordSpans, type WordSpan } from './vizText.js';

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
  'card access number',
];

/** O/0, I/1 and the like read alike: compare numbers with them folded. */
const fold = (s: string): string =>
  s.replace(/[OQD]/g, '0').replace(/[IL]/g, '1').replace(/Z/g, '2').replace(/S/g, '5').replace(/B/g, '8');

function insideCovered(analysis: PageAnalysis, span: WordSpan): boolean {
  const centre = quadCenter(boxToQuad(span.box));
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
    const found: Region[] = [];
    const add = (span: WordSpan, confidence: number, reason: string): void => {
      if (insideCovered(analysis, span)) return;
      addOrMerge(found, textCover(span.box), (box): Region => ({
        kind: 'document_number',
        page: analysis.page.index,
        box,
        quad: boxToQuad(box),
        confidence,
        reason,
        detector: 'document-number',
      }));
    };
    for (const reading of analysis.mrz) {
      const target = fold(compactValue(reading.parsed.fields.documentNumber));
      if (target.length < 5) continue;
      for (const span of spans) {
        const value = fold(span.compact);
        if (value === target || (target.length >= 8 && value.length === target.length && hamming(value, target) <= 1)) {
          add(
            span,
            0.95,
            `the document number read from the MRZ (${reading.parsed.format}) printed in the visual zone`,
          );
        }
      }
    }
    for (const { span, label } of spansAfterLabels(analysis.words, DOCUMENT_NUMBER_LABELS, 3)) {
      if (/^[A-Z0-9]{6,14}$/.test(span.compact) && /[0-9]/.test(span.compact) && /[0-9].*[0-9]/.test(span.compact)) {
        add(span, 0.8, `printed as the value of the label "${label}"`);
      }
    }
    analysis.regions.push(...found);
  },
};

function hamming(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}
