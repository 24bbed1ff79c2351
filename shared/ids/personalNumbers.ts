import { stdnum } from 'stdnum';

/**
 * National personal numbers, by issuing country (ICAO 3-letter code, as in
 * the MRZ). Validation is python-stdnum's, through the maintained `stdnum`
 * package: BSN 11-proof, NINO prefix rules, mod-97 and Luhn checks, ...
 */
export interface PersonalNumberScheme {
  country: string;
  name: string;
  /** The number without separators when valid, otherwise undefined. */
  validate(raw: string): string | undefined;
}

interface StdnumValidator {
  validate(value: string): { isValid: boolean; compact?: string };
}

const scheme = (country: string, name: string, validator: StdnumValidator): PersonalNumberScheme => ({
  country,
  name,
  validate(raw) {
    const result = validator.validate(raw);
    return result.isValid ? (result.compact ?? raw) : undefined;
  },
});

const std = stdnum as unknown as Record<string, Record<string, StdnumValidator>>;

export const PERSONAL_NUMBER_SCHEMES: readonly PersonalNumberScheme[] = [
  scheme('NLD', 'BSN', std.NL!.bsn!),
  scheme('GBR', 'National Insurance number', std.GB!.nino!),
  scheme('BEL', 'national register number', std.BE!.nn!),
  scheme('FRA', 'NIR', std.FR!.nir!),
  scheme('ESP', 'DNI', std.ES!.dni!),
  scheme('ESP', 'NIE', std.ES!.nie!),
  scheme('ITA', 'codice fiscale', std.IT!.codicefiscale!),
  scheme('SWE', 'personnummer', std.SE!.personnummer!),
  scheme('DNK', 'CPR number', std.DK!.cpr!),
  scheme('NOR', 'fødselsnummer', std.NO!.fodselsnummer!),
  scheme('FIN', 'HETU', std.FI!.hetu!),
  scheme('POL', 'PESEL', std.PL!.pesel!),
  scheme('PRT', 'Cartão de Cidadão number', std.PT!.cc!),
  scheme('IRL', 'PPS number', std.IE!.pps!),
  scheme('USA', 'SSN', std.US!.ssn!),
];

/** Schemes of one country, or all when the country is unknown. */
export function schemesFor(country: string | undefined): readonly PersonalNumberScheme[] {
  const own = PERSONAL_NUMBER_SCHEMES.filter((s) => s.country === country);
  return own.length > 0 ? own : PERSONAL_NUMBER_SCHEMES;
}

/** The first scheme that accepts `raw`, with the compact number. */
export function validatePersonalNumber(
  raw: string,
  schemes: readonly PersonalNumberScheme[] = PERSONAL_NUMBER_SCHEMES,
): { scheme: PersonalNumberScheme; compact: string } | undefined {
  // Every personal number has digits; some validators of the library throw on empty or odd text.
  if (!/[0-9]/.test(raw)) return undefined;
  for (const s of schemes) {
    let compact: string | undefined;
    try {
      compact = s.validate(raw);
    } catch {
      compact = undefined;
    }
    if (compact) return { scheme: s, compact };
  }
  return undefined;
}
