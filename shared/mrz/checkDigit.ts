/** Value of one MRZ character in the ICAO 9303 check-digit sum. */
export function mrzCharValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'A' && ch <= 'Z') return ch.charCodeAt(0) - 55;
  if (ch === '<') return 0;
  return NaN;
}

const WEIGHTS = [7, 3, 1] as const;

/** ICAO 9303 check digit (weights 7-3-1, modulo 10) of `text`. */
export function computeCheckDigit(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += mrzCharValue(text[i]!) * WEIGHTS[i % 3]!;
  return sum % 10;
}

/**
 * Whether `digit` is the check digit of `text`. ICAO allows `<` as the check
 * digit of an all-filler (empty) field.
 */
export function isValidCheckDigit(text: string, digit: string): boolean {
  if (digit === '<') return /^<*$/.test(text);
  return computeCheckDigit(text) === Number(digit) && /^[0-9]$/.test(digit);
}
