/**
 * How documents print their number where no label names it: the German
 * identity card prints its number alone at the top right of its front, the
 * UK driving licence after the bare field number "5.". One entry per format,
 * as a declarative table; a printed word of one of these shapes on an ID page
 * is taken for a document number. Every format holds letters and digits both,
 * so that neither a name (no digits) nor a date (no letters) has its shape,
 * but for the German one, whose alphabet has no vowels: no name is nine of its
 * letters.
 */
export interface DocumentNumberFormat {
  /** What prints numbers so, for a cover's reason: "a German identity card or passport number". */
  name: string;
  /** The shape, of the number with spaces and separators taken out, capital letters. */
  pattern: RegExp;
  /** Fewest digits a number of this shape has (a word of the shape with fewer is a word). */
  minDigits: number;
  /** A check the number must pass, where its format has one. */
  check?: (compact: string) => boolean;
}

/** Letters count 10 to 35 in check digits (A = 10). */
const characterValue = (c: string): number => (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55);

/**
 * The Polish identity card's check: three letters and six digits, the first
 * digit a check digit; the other eight characters weighted 7 3 1 _ 7 3 1 7 3,
 * summed, modulo 10, give it ("ABA300000").
 */
export function polishIdCardCheck(compact: string): boolean {
  const weights = [7, 3, 1, 0, 7, 3, 1, 7, 3];
  const sum = [...compact].reduce((total, c, i) => total + characterValue(c) * weights[i]!, 0);
  return sum % 10 === Number(compact[3]);
}

export const DOCUMENT_NUMBER_FORMATS: readonly DocumentNumberFormat[] = [
  {
    // Since 2010 (eID card) and 2007 (passport): nine characters from an alphabet without vowels
    // and look-alikes (no A, B, D, E, I, O, Q, S, U), a letter first ("L01X00T47"). Any number
    // of digits: drawn from 17 letters and 10 digits, one number in seven has fewer than two.
    name: 'a German identity card or passport number (nine letters and digits, no vowels)',
    pattern: /^[CFGHJKLMNPRTVWXYZ][0-9CFGHJKLMNPRTVWXYZ]{8}$/,
    minDigits: 0,
  },
  {
    // Dutch identity cards and passports since 2014: two letters, six letters or digits, a digit;
    // never the letter O ("SPECI2014").
    name: 'a Dutch identity card or passport number (two letters, six letters or digits, a digit)',
    pattern: /^[A-NP-Z]{2}[0-9A-NP-Z]{6}[0-9]$/,
    minDigits: 2,
  },
  {
    // The Italian electronic identity card (CIE 3.0): "CA00000AA".
    name: 'an Italian electronic identity card number (two letters, five digits, two letters)',
    pattern: /^[A-Z]{2}[0-9]{5}[A-Z]{2}$/,
    minDigits: 5,
  },
  {
    // The Spanish DNI card's support number (IDESP, "BAA000589").
    name: 'a Spanish identity card support number (three letters, six digits)',
    pattern: /^[A-Z]{3}[0-9]{6}$/,
    minDigits: 6,
  },
  {
    // The Polish identity card's series and number, with its check digit ("ABA300000").
    name: 'a Polish identity card number (three letters, six digits, check digit valid)',
    pattern: /^[A-Z]{3}[0-9]{6}$/,
    minDigits: 6,
    check: polishIdCardCheck,
  },
  {
    // The UK driving licence: five letters of the surname (9 as padding), six digits of the date
    // of birth, two initials (9 as padding), a digit, two check letters ("MORGA753116SM9IJ").
    name: 'a UK driving licence number (sixteen characters: surname, date of birth, initials)',
    pattern: /^[A-Z9]{5}[0-9]{6}[A-Z9]{2}[0-9][A-Z]{2}$/,
    minDigits: 7,
  },
];

/** The formats `compact` (a printed value without separators) has the shape of, best first. */
export function documentNumberFormatsOf(compact: string): DocumentNumberFormat[] {
  const digits = compact.replace(/[^0-9]/g, '').length;
  const matching = DOCUMENT_NUMBER_FORMATS.filter(
    (format) => format.pattern.test(compact) && digits >= format.minDigits && (format.check?.(compact) ?? true),
  );
  // A format with a check that passed says more than one without.
  return matching.sort((a, b) => Number(b.check !== undefined) - Number(a.check !== undefined));
}

/**
 * The shape of a document's number printed without a label: 6 to 18 letters
 * and digits (`compact`: separators taken out, capitals), three digits at
 * least and a letter at least (numbers of digits only are serial numbers,
 * see detect/serialNumberDetector.ts), in no particular format. Names have
 * no digits; a driving licence's categories ("AM/B") none.
 */
export function isLettersAndDigitsNumber(compact: string): boolean {
  const digits = compact.replace(/[^0-9]/g, '').length;
  return /^[A-Z0-9]{6,18}$/.test(compact) && digits >= 3 && digits < compact.length;
}
