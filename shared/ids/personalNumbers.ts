// One module per validator: the package's index loads every country's (about 0.25 s at each
// start of the CLI and the app's engine, measured; these fifteen take 0.04 s).
import * as BEL_NN from 'stdnum/lib/cjs/be/nn.js';
import * as DNK_CPR from 'stdnum/lib/cjs/dk/cpr.js';
import * as ESP_DNI from 'stdnum/lib/cjs/es/dni.js';
import * as ESP_NIE from 'stdnum/lib/cjs/es/nie.js';
import * as FIN_HETU from 'stdnum/lib/cjs/fi/hetu.js';
import * as FRA_NIR from 'stdnum/lib/cjs/fr/nir.js';
import * as GBR_NINO from 'stdnum/lib/cjs/gb/nino.js';
import * as IRL_PPS from 'stdnum/lib/cjs/ie/pps.js';
import * as ITA_CF from 'stdnum/lib/cjs/it/codicefiscale.js';
import * as NLD_BSN from 'stdnum/lib/cjs/nl/bsn.js';
import * as NOR_FNR from 'stdnum/lib/cjs/no/fodselsnummer.js';
import * as POL_PESEL from 'stdnum/lib/cjs/pl/pesel.js';
import * as PRT_CC from 'stdnum/lib/cjs/pt/cc.js';
import * as SWE_PNR from 'stdnum/lib/cjs/se/personnummer.js';
import * as USA_SSN from 'stdnum/lib/cjs/us/ssn.js';

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

export const PERSONAL_NUMBER_SCHEMES: readonly PersonalNumberScheme[] = [
  scheme('NLD', 'BSN', NLD_BSN),
  scheme('GBR', 'National Insurance number', GBR_NINO),
  scheme('BEL', 'national register number', BEL_NN),
  scheme('FRA', 'NIR', FRA_NIR),
  scheme('ESP', 'DNI', ESP_DNI),
  scheme('ESP', 'NIE', ESP_NIE),
  scheme('ITA', 'codice fiscale', ITA_CF),
  scheme('SWE', 'personnummer', SWE_PNR),
  scheme('DNK', 'CPR number', DNK_CPR),
  scheme('NOR', 'fødselsnummer', NOR_FNR),
  scheme('FIN', 'HETU', FIN_HETU),
  scheme('POL', 'PESEL', POL_PESEL),
  scheme('PRT', 'Cartão de Cidadão number', PRT_CC),
  scheme('IRL', 'PPS number', IRL_PPS),
  scheme('USA', 'SSN', USA_SSN),
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
