import { overlapShare } from '../geometry.js';
import type { VizWord } from './textFrame.js';
import { wordSpans } from './textSpans.js';

/**
 * Dates look like numbers to a number detector: these tell them apart by their
 * printed shape, so that dates of birth, issue and expiry stay readable.
 */

/**
 * Whether eight digits spell a calendar date (DDMMYYYY, MMDDYYYY or YYYYMMDD,
 * years 1900-2099): dates of birth printed without separators stay readable.
 */
export function isEightDigitDate(digits: string): boolean {
  if (!/^[0-9]{8}$/.test(digits)) return false;
  const valid = (day: number, month: number, year: number): boolean =>
    year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
  const n = (from: number, to: number): number => Number(digits.slice(from, to));
  return valid(n(0, 2), n(2, 4), n(4, 8)) || valid(n(2, 4), n(0, 2), n(4, 8)) || valid(n(6, 8), n(4, 6), n(0, 4));
}

/**
 * Digits in groups the way dates are printed ("06.12.1965", "1965-12-06",
 * "06 12 1965"), whatever the digits: OCR misreads digits ("06.12 1365") far
 * more often than the dots and spaces between them.
 */
const DIGIT_GROUP_DATE =
  /([0-9]{1,2}[ .,/-]+[0-9]{1,2}[ .,/-]+[0-9]{2,4}|[0-9]{4}[ .,/-]+[0-9]{1,2}[ .,/-]+[0-9]{1,2})/;
const CONTAINS_DIGIT_GROUP_DATE = new RegExp(`(^|[^0-9])${DIGIT_GROUP_DATE.source}([^0-9]|$)`);
const IS_DIGIT_GROUP_DATE = new RegExp(`^${DIGIT_GROUP_DATE.source}$`);

/** Whether printed text holds digits grouped as a date (among other text). */
export function containsDigitGroupDate(printed: string): boolean {
  return CONTAINS_DIGIT_GROUP_DATE.test(printed);
}

/**
 * A day, a month's name or abbreviation (one or two languages, "JAN/JAN",
 * "MAI/MAY") and a year, apart or joined by a dot or a dash: "01 JAN 1976",
 * "12 MAI/MAY 64", "03-FEB-1991" (and "03 FEBE-1991", as OCR read "03 FEB
 * 1991" on a generated card). Personal numbers that mix digits and letters
 * start with letters or hold more digits.
 */
const MONTH_NAME_DATE = /^[0-9]{1,2}[ .-]?[A-ZÀ-Ý]{3,9}\.?( ?\/ ?[A-ZÀ-Ý]{3,9}\.?)?[ .-]?([0-9]{2}|[0-9]{4})$/;

/**
 * The same with one letter of the month's name read as the digit that looks
 * like it ("19-0CT 1981", "12 5EP 1990": O, I, S and B read as 0, 1, 5 and
 * 8), which then needs a separator on both sides: without them day, month and
 * year run together like a number's digits and letters.
 */
const MONTH_NAME_DATE_MISREAD = /^[0-9]{1,2}[ .-]+([A-ZÀ-Ý0158]{3,9})[ .-]+([0-9]{2}|[0-9]{4})$/;

/**
 * An English month's abbreviation between a day and a year, with one stray
 * character OCR put after the day or before the year ("15 SEP-31991": the
 * space read as "-3"; "149-DEC "1975" for "11 DEC 1975" on a noisy scan).
 * Only the twelve names: a number's letters make no month.
 */
const ENGLISH_MONTH_DATE_WITH_STRAY =
  /^[0-9]{1,2}[^ ]?[ .-]?(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[ .-]?[^ ]?[ .-]?([0-9]{2}|[0-9]{4})$/;

function readsAsMisreadMonthNameDate(text: string): boolean {
  if (ENGLISH_MONTH_DATE_WITH_STRAY.test(text)) return true;
  const month = MONTH_NAME_DATE_MISREAD.exec(text)?.[1];
  return month !== undefined && month.replace(/[^0-9]/g, '').length === 1 && /[A-ZÀ-Ý].*[A-ZÀ-Ý]/.test(month);
}

/**
 * Whether a printed value (as read, separators included) is, as a whole, a
 * date, whatever its digits: a Belgian national number ("85.07.30-033.28")
 * starts with a date and is no date. Punctuation OCR adds at either end is no
 * part of it ("14-0CT 1999:", a date of birth on a blurred phone photo, had
 * been covered as a serial number).
 */
export function readsAsDate(printed: string): boolean {
  const text = printed
    .trim()
    .toUpperCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  return (
    IS_DIGIT_GROUP_DATE.test(text) ||
    MONTH_NAME_DATE.test(text) ||
    readsAsMisreadMonthNameDate(text) ||
    isEightDigitDate(text)
  );
}

/**
 * Printed text that spells an MRZ date (YYMMDD: of birth, of expiry): "12.08.1964",
 * "1964-08-12", "12 AUG/AOÛT 64" (day and year around a month's name).
 */
export function readsAsMrzDate(printed: string, yymmdd: string): boolean {
  if (!/^[0-9]{6}$/.test(yymmdd)) return false;
  // Day and month may be printed without their leading zero ("7 MAR 1985", "7.3.1985").
  const unpadded = (two: string): string => (two.startsWith('0') ? `0?${two[1]}` : two);
  const [yy, mm, dd] = [yymmdd.slice(0, 2), unpadded(yymmdd.slice(2, 4)), unpadded(yymmdd.slice(4, 6))];
  const digits = printed.replace(/[^0-9]/g, '');
  const year = `([0-9]{2})?${yy}`;
  if (new RegExp(`^(${dd}${mm}${year}|${mm}${dd}${year}|${year}${mm}${dd})$`).test(digits)) return true;
  // A month's name between day and year: the digits are the day and the year alone.
  return /[A-ZÀ-Ý]{3}/.test(printed.toUpperCase()) && new RegExp(`^${dd}${year}$`).test(digits);
}

/**
 * The words of every run of up to four words on a line that reads as a date:
 * a number detector takes none of them, so that part of a date ("MAY 2030" of
 * "14 MAY 2030", which on its own is no date) is not taken for a number.
 */
export function wordsOfDates(words: readonly VizWord[]): Set<VizWord> {
  const dates = new Set(
    wordSpans(words, 4)
      .filter((span) => readsAsDate(span.text))
      .flatMap((span) => span.words),
  );
  // Another read of the same print is part of the date too, however it read ("SEP-31991" where a
  // second read had "SEP" and "1991": covered as a number on a phone photo's card front).
  const inDates = [...dates];
  for (const word of words) {
    if (dates.has(word)) continue;
    const share = inDates.reduce((sum, date) => sum + overlapShare(date.upright, word.upright), 0);
    if (share >= SAME_PRINT_SHARE) dates.add(word);
  }
  return dates;
}

/** A word this much covered by date words (of another read) is a read of the date too. */
const SAME_PRINT_SHARE = 0.6;
