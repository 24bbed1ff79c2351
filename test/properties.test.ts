import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERSONAL_NUMBER_SCHEMES, schemesFor, validatePersonalNumber } from '../shared/ids/personalNumbers.js';
import { parseMrz } from '../shared/mrz/parse.js';
import { td1Lines, td3Lines, type Person } from './fixtures/mrzText.js';

const letters = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: min, maxLength: max });
const alnum = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: min, maxLength: max });
const yymmdd = fc
  .record({
    y: fc.integer({ min: 0, max: 99 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => [y, m, d].map((n) => String(n).padStart(2, '0')).join(''));
const state = fc.constantFrom('NLD', 'DEU', 'FRA', 'GBR', 'UTO', 'BEL', 'ESP', 'ITA');

/** A person with ICAO-shaped data; a name that fits the line. */
const person = (documentCode: string): fc.Arbitrary<Person> =>
  fc.record({
    documentCode: fc.constant(documentCode),
    issuingState: state,
    surname: letters(2, 12),
    givenNames: letters(2, 10),
    documentNumber: alnum(9, 9),
    nationality: state,
    birthDate: yymmdd,
    sex: fc.constantFrom('M' as const, 'F' as const),
    expiryDate: yymmdd,
    optional: fc.oneof(
      fc.constant(''),
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 }),
    ),
  });

describe('MRZ parser properties (fast-check)', () => {
  it('reads back every field of any valid TD3 MRZ, with all check digits valid', () => {
    fc.assert(
      fc.property(person('P'), (p) => {
        const parsed = parseMrz(td3Lines(p))!;
        expect(parsed.format).toBe('TD3');
        expect(parsed.allChecksValid).toBe(true);
        expect(parsed.fields.documentNumber).toBe(p.documentNumber);
        expect(parsed.fields.birthDate).toBe(p.birthDate);
        expect(parsed.fields.expiryDate).toBe(p.expiryDate);
        expect(parsed.fields.issuingState).toBe(p.issuingState);
      }),
      { numRuns: 150 },
    );
  });

  it('reads back any valid TD1 MRZ', () => {
    fc.assert(
      fc.property(person('ID'), (p) => {
        const parsed = parseMrz(td1Lines(p))!;
        expect(parsed.format).toBe('TD1');
        expect(parsed.allChecksValid).toBe(true);
        expect(parsed.fields.documentNumber).toBe(p.documentNumber);
      }),
      { numRuns: 100 },
    );
  });

  it('never reports all check digits valid after a digit of the birth date is changed', () => {
    fc.assert(
      fc.property(person('P'), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 9 }), (p, at, delta) => {
        const [l1, l2] = td3Lines(p);
        const i = 13 + at; // birth date: line 2, positions 14-19
        const changed = String((Number(l2[i]) + delta) % 10);
        const parsed = parseMrz([l1, l2.slice(0, i) + changed + l2.slice(i + 1)])!;
        // Repair may only restore the printed value, never invent a different valid one.
        if (parsed.allChecksValid) expect(parsed.fields.birthDate).toBe(p.birthDate);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on any text, and returns lines of the layout it chose', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom(...'ABCXYZ0189<K '), minLength: 0, maxLength: 50 }), {
          minLength: 1,
          maxLength: 3,
        }),
        (lines) => {
          const parsed = parseMrz(lines);
          if (parsed) for (const line of parsed.lines) expect(line).toMatch(/^[A-Z0-9<]*$/);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A Dutch BSN: 9 digits whose weighted sum (9..2, last -1) is a multiple of 11. */
const bsn = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 })
  .map((digits) => {
    const sum = digits.reduce((s, d, i) => s + d * (9 - i), 0);
    return { digits, last: sum % 11 };
  })
  .filter(({ digits, last }) => last <= 9 && digits[0] !== 0)
  .map(({ digits, last }) => digits.join('') + String(last));

describe('personal-number validator properties (fast-check)', () => {
  it('accepts every 11-proof BSN, also with dots or spaces, and rejects it with any one digit changed', () => {
    fc.assert(
      fc.property(bsn, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (n, at, delta) => {
        const nl = schemesFor('NLD');
        expect(validatePersonalNumber(n, nl)?.scheme.country).toBe('NLD');
        expect(validatePersonalNumber(`${n.slice(0, 4)}.${n.slice(4, 6)}.${n.slice(6)}`, nl)).toBeDefined();
        expect(validatePersonalNumber(`${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, nl)).toBeDefined();
        const changed = n.slice(0, at) + String((Number(n[at]) + delta) % 10) + n.slice(at + 1);
        expect(validatePersonalNumber(changed, nl)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('never throws, for any scheme, on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        for (const scheme of PERSONAL_NUMBER_SCHEMES) validatePersonalNumber(text, [scheme]);
      }),
      { numRuns: 300 },
    );
  });
});
