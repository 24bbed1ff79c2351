import { describe, expect, it } from 'vitest';
import { computeCheckDigit, isValidCheckDigit } from '../shared/mrz/checkDigit.js';
import { mrzDocumentNumbers } from '../shared/detect/documentNumberDetector.js';
import { mrzSecondRead } from '../shared/detect/mrzSecondRead.js';
import { mrzPersonalNumbers } from '../shared/detect/personalNumberDetector.js';
import type { VizWord } from '../shared/detect/textFrame.js';
import type { DetectorTools, PageAnalysis } from '../shared/detect/types.js';
import { boxToQuad, type Quad } from '../shared/geometry.js';
import { parseMrz } from '../shared/mrz/parse.js';
import type { MrzReading } from '../shared/mrz/read.js';
import { fitLineLength, repairMrz } from '../shared/mrz/repair.js';
import { maskValue } from '../shared/report.js';
import { PEOPLE, td1Lines, td2Lines, td3Lines } from './fixtures/mrzText.js';

// ICAO Doc 9303 part 3/4/5/7 specimen lines (fictional "Utopia" data).
const ICAO_TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const ICAO_TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const ICAO_TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
const ICAO_MRVA = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'];
const ICAO_MRVB = ['V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'L8988901C4XXX4009078F9612109<<<<<<<<'];
const FRENCH_ID = ['IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<', '9409923102854CORINNE<<<<<<<6512068F4'];

describe('check digits (ICAO 9303 7-3-1)', () => {
  it('computes the digits of the ICAO examples', () => {
    expect(computeCheckDigit('L898902C3')).toBe(6);
    expect(computeCheckDigit('740812')).toBe(2);
    expect(computeCheckDigit('120415')).toBe(9);
    expect(computeCheckDigit('ZE184226B<<<<<')).toBe(1);
    expect(computeCheckDigit('D23145890')).toBe(7);
  });
  it('accepts < only for an empty field', () => {
    expect(isValidCheckDigit('<<<<<<<<<<<<<<', '<')).toBe(true);
    expect(isValidCheckDigit('ZE184226B<<<<<', '<')).toBe(false);
    expect(isValidCheckDigit('L898902C3', '5')).toBe(false);
  });
});

describe('MRZ formats', () => {
  it.each([
    ['TD3', ICAO_TD3, 'L898902C3', 'ERIKSSON', 'ANNA MARIA'],
    ['TD1', ICAO_TD1, 'D23145890', 'ERIKSSON', 'ANNA MARIA'],
    ['TD2', ICAO_TD2, 'D23145890', 'ERIKSSON', 'ANNA MARIA'],
    ['MRV-A', ICAO_MRVA, 'L8988901C', 'ERIKSSON', 'ANNA MARIA'],
    ['MRV-B', ICAO_MRVB, 'L8988901C', 'ERIKSSON', 'ANNA MARIA'],
    ['FRENCH_NATIONAL_ID', FRENCH_ID, '940992310285', 'BERTHIER', 'CORINNE'],
  ])('parses %s with all check digits valid', (format, lines, number, surname, given) => {
    const parsed = parseMrz(lines)!;
    expect(parsed.format).toBe(format);
    expect(parsed.allChecksValid).toBe(true);
    expect(parsed.fields.documentNumber).toBe(number);
    expect(parsed.fields.surname).toBe(surname);
    expect(parsed.fields.givenNames).toBe(given);
    expect(parsed.corrections).toBe(0);
  });

  it('keeps a personal number the MRZ splits with fillers whole, as the visual zone prints it', () => {
    // The Zimbabwe specimen's "00-0000000-00", here with other digits (td3Lines adds the check digits).
    const parsed = parseMrz(td3Lines({ ...PEOPLE.passport, optional: '12<3456789<01' }))!;
    expect(parsed.allChecksValid).toBe(true);
    expect(parsed.fields.optionalData).toEqual(['12', '3456789', '01']);
    expect(parsed.fields.optionalFields).toEqual(['12<3456789<01']);
    expect(mrzPersonalNumbers({ parsed } as MrzReading)).toContain('12345678901');
  });

  it('reads a passport as a passport when OCR broke its number and its fillers', () => {
    // The Hungarian specimen's read: "BD" read "30", one filler dropped and a digit added at the end.
    const [line1, line2] = td3Lines(PEOPLE.passport);
    const misread = '30' + line2!.slice(2, 41) + line2!.slice(42) + '5';
    const parsed = parseMrz([line1!, misread])!;
    expect(parsed.format).toBe('TD3');
    expect(parsed.checks.filter((c) => c.valid).map((c) => c.name)).toEqual(['birthDate', 'expiryDate']);
    // A visa's lines still read as a visa.
    expect(parseMrz(ICAO_MRVA)!.format).toBe('MRV-A');
  });

  it('reads a speck the MRZ reader saw before the document code as no part of the line', () => {
    // A blurred phone photo's "IP<UTO...": with the personal number misread (its check and the
    // composite failing), the three checks of a visa passed and the passport was parsed as one.
    const [line1, line2] = td3Lines(PEOPLE.passport);
    const misread = line2!.slice(0, 30) + (line2![30] === '1' ? '2' : '1') + line2!.slice(31);
    const parsed = parseMrz(['I' + line1!.slice(0, 43), misread])!;
    expect(parsed.format).toBe('TD3');
    expect(parsed.lines[0]).toBe(line1);
    expect(parsed.fields.surname).toBe('VAN DER BERG');
    expect(parsed.checks.filter((c) => !c.valid).map((c) => c.name)).toEqual(['personalNumber', 'composite']);
  });

  it('reads the TD3 personal number and dates', () => {
    const parsed = parseMrz(ICAO_TD3)!;
    expect(parsed.fields.optionalData).toEqual(['ZE184226B']);
    expect(parsed.fields.optionalFields).toEqual(['ZE184226B']);
    expect(parsed.fields.birthDate).toBe('740812');
    expect(parsed.fields.expiryDate).toBe('120415');
    expect(parsed.fields.sex).toBe('F');
    expect(parsed.checks.map((c) => c.name)).toEqual([
      'documentNumber',
      'birthDate',
      'expiryDate',
      'personalNumber',
      'composite',
    ]);
  });

  it('reads a TD1 document number longer than 9 characters', () => {
    const lines = [
      'I<UTOD23145890<7349<<<<<<<<<<<',
      '3407127M9507122UTO<<<<<<<<<<<2',
      'STEVENSON<<PETER<JOHN<<<<<<<<<',
    ];
    const parsed = parseMrz(lines)!;
    expect(parsed.format).toBe('TD1');
    expect(parsed.checks.find((c) => c.name === 'documentNumber')!.valid).toBe(true);
  });

  it('flags a wrong check digit', () => {
    const lines = [ICAO_TD3[0]!, ICAO_TD3[1]!.replace('F1204159', 'F1204158')];
    const parsed = parseMrz(lines)!;
    expect(parsed.allChecksValid).toBe(false);
    expect(parsed.checks.filter((c) => !c.valid).map((c) => c.name)).toContain('expiryDate');
  });

  it('round-trips the generator lines of every layout', () => {
    for (const lines of [td3Lines(PEOPLE.passport), td1Lines(PEOPLE.card), td2Lines(PEOPLE.td2)]) {
      expect(parseMrz(lines)!.allChecksValid).toBe(true);
    }
  });
});

describe('OCR confusion repair', () => {
  it('forces digits in date fields and letters in country codes', () => {
    const misread = ['P<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UT074O8I22F12O4I59ZE184226B<<<<<1O'];
    const parsed = parseMrz(misread)!;
    expect(parsed.lines).toEqual(ICAO_TD3);
    expect(parsed.allChecksValid).toBe(true);
    expect(parsed.corrections).toBeGreaterThanOrEqual(6);
  });

  it('uses the check digit to fix a confusion in an alphanumeric field', () => {
    // 8 read as B in the document number: only one swap makes its digit agree.
    const parsed = parseMrz([ICAO_TD3[0]!, 'L89B902C36UTO7408122F1204159ZE184226B<<<<<10'])!;
    expect(parsed.fields.documentNumber).toBe('L898902C3');
    expect(parsed.allChecksValid).toBe(true);
  });

  it('reads K or C between fillers back as <', () => {
    const parsed = parseMrz([
      'P<UTOERIKSSON<<ANNA<MARIA<<<K<<<<<<<C<<<<<<<',
      'L898902C36UTO7408122F1204159ZE184226B<K<<<10',
    ])!;
    expect(parsed.lines).toEqual(ICAO_TD3);
  });

  it('fits lines OCR made too short or too long in their filler runs', () => {
    expect(fitLineLength('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<', 44)).toBe(ICAO_TD3[0]);
    expect(fitLineLength('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<<<', 44)).toBe(ICAO_TD3[0]);
    expect(fitLineLength('ABC', 5)).toBe('ABC<<');
  });

  it('prefers the swap that fits its neighbours when several fix the digit', () => {
    // C read as O: O->C (a letter among digits stays a letter) and 0->O both fix the digit.
    const repaired = repairMrz([ICAO_TD3[0]!, 'L898902O36UTO7408122F1204159ZE184226B<<<<<10'], 'TD3');
    expect(repaired.lines[1]).toBe(ICAO_TD3[1]);
  });

  it('leaves a number alone when no swap is clearly better', () => {
    // Two errors in one field: no single swap explains them.
    const repaired = repairMrz([ICAO_TD3[0]!, 'L8Z8902G36UTO7408122F1204159ZE184226B<<<<<10'], 'TD3');
    expect(repaired.checks.find((c) => c.name === 'documentNumber')!.valid).toBe(false);
  });
});

describe('masking', () => {
  it('keeps three leading and one trailing character', () => {
    expect(maskValue('SPECI2014')).toBe('SPE*****4');
    expect(maskValue('L898902C3')).toBe('L89*****3');
    expect(maskValue('1234')).toBe('****');
  });
});

describe('a second reading of a doubtful MRZ', () => {
  const zone: Quad = [
    { x: 0, y: 0 },
    { x: 1000, y: 0 },
    { x: 1000, y: 200 },
    { x: 0, y: 200 },
  ];
  const wordsOf = (lines: readonly string[], read: number): VizWord[] =>
    lines.map((text, i) => {
      const upright = { x: 10, y: 10 + i * 40, width: 900, height: 30 };
      return { text, upright, box: upright, quad: boxToQuad(upright) as Quad, line: read * 10 + i, confidence: 80 };
    });
  const analysisWith = (mrzLines: readonly string[], words: VizWord[]): PageAnalysis =>
    ({ mrz: [{ parsed: parseMrz(mrzLines)!, zoneQuad: zone }], words }) as unknown as PageAnalysis;

  it('keeps the printed-text reading of its lines beside it when more check digits pass', async () => {
    const truth = td3Lines({ ...PEOPLE.passport, optional: '123456782' });
    // The MRZ reader's misread: one digit of the expiry date, whose check then fails.
    const garbled = [truth[0], truth[1].slice(0, 22) + '9' + truth[1].slice(23)];
    const analysis = analysisWith(garbled, wordsOf(['~~ noise ~~', ...truth], 0));
    expect(analysis.mrz[0]!.parsed.allChecksValid).toBe(false);
    await mrzSecondRead.detect(analysis, {} as DetectorTools);
    expect(analysis.mrz[0]!.alternatives).toHaveLength(1);
    expect(analysis.mrz[0]!.alternatives![0]!.allChecksValid).toBe(true);
    expect(analysis.mrz[0]!.alternatives![0]!.fields.optionalData).toEqual(['123456782']);
    // The first reading stays what it was: its verdict and cover are unchanged.
    expect(analysis.mrz[0]!.parsed.allChecksValid).toBe(false);
  });

  it('keeps it beside a reading made valid by changing characters, when it needs no change', async () => {
    // The Latvian booklet photo's MRZ as the MRZ reader read it: fillers of the optional data read
    // as letters ("111111Q116485L") with every check digit still valid, and (changed here so that
    // a correction is needed) an O in the date of birth. Its printed-text words read it right.
    const misread = ['PALVAMOHAMADA<<FARIDA<<<<<<<<<<<<<Q3<SSS3<<<', 'LT00000004XXC86O5102S1210314111111Q116485L86'];
    const truth = ['PALVAMOHAMADA<<FARIDA<<<<<<<<<<<<<<<<<<<<<<<', 'LT00000004XXC8605102F1210314111111<11648<<86'];
    const analysis = analysisWith(misread, wordsOf(truth, 0));
    expect(analysis.mrz[0]!.parsed.allChecksValid).toBe(true);
    expect(analysis.mrz[0]!.parsed.corrections).toBeGreaterThan(0);
    await mrzSecondRead.detect(analysis, {} as DetectorTools);
    expect(analysis.mrz[0]!.alternatives?.map((p) => p.fields.optionalData)).toEqual([['111111', '11648']]);
    // Words that read as the first reading does add nothing.
    const same = analysisWith(misread, wordsOf(analysisWith(misread, []).mrz[0]!.parsed.lines, 0));
    await mrzSecondRead.detect(same, {} as DetectorTools);
    expect(same.mrz[0]!.alternatives).toBeUndefined();
  });

  it('keeps every better reading, so the number is looked for as each of them reads it', async () => {
    // A blurred phone photo: the page's read has the number right and its composite check wrong;
    // a second read of the zone has the number wrong, every check passing by chance.
    const truth = td3Lines(PEOPLE.passport);
    const composite = truth[1].at(-1) === '0' ? '1' : '0';
    const rightNumber = [truth[0], truth[1].slice(0, 43) + composite];
    const wrongNumber = td3Lines({ ...PEOPLE.passport, documentNumber: 'XR4K31D07' });
    // The MRZ reader's read: the dates misread, their checks failing.
    const garbled = [truth[0], truth[1].slice(0, 14) + '9' + truth[1].slice(15, 22) + '9' + truth[1].slice(23)];
    const analysis = analysisWith(garbled, [...wordsOf(rightNumber, 0), ...wordsOf(wrongNumber, 1)]);
    await mrzSecondRead.detect(analysis, {} as DetectorTools);
    const numbers = analysis.mrz[0]!.alternatives!.map((p) => p.fields.documentNumber);
    expect(numbers).toEqual(['XR4K31D07', PEOPLE.passport.documentNumber]);
    expect(mrzDocumentNumbers(analysis.mrz[0]! as MrzReading)).toContain(PEOPLE.passport.documentNumber);
  });

  it('adds nothing when the MRZ was read right or the words read no better', async () => {
    const truth = td3Lines({ ...PEOPLE.passport, optional: '123456782' });
    const good = analysisWith(truth, wordsOf(truth, 0));
    await mrzSecondRead.detect(good, {} as DetectorTools);
    expect(good.mrz[0]!.alternatives).toBeUndefined();
    const garbled = [truth[0], truth[1].slice(0, 22) + '9' + truth[1].slice(23)];
    const worse = analysisWith(garbled, wordsOf(garbled, 0));
    await mrzSecondRead.detect(worse, {} as DetectorTools);
    expect(worse.mrz[0]!.alternatives).toBeUndefined();
  });
});
