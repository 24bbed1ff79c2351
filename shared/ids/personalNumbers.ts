// One module per validator: the package's index loads every country's (about 0.25 s at each
// start of the CLI and the app's engine, measured; these take 0.04 s).
import * as BEL_NN from 'stdnum/lib/cjs/be/nn.js';
import * as BGR_EGN from 'stdnum/lib/cjs/bg/egn.js';
import * as CZE_RC from 'stdnum/lib/cjs/cz/rc.js';
import * as DNK_CPR from 'stdnum/lib/cjs/dk/cpr.js';
import * as EST_IK from 'stdnum/lib/cjs/ee/ik.js';
import * as ESP_DNI from 'stdnum/lib/cjs/es/dni.js';
import * as ESP_NIE from 'stdnum/lib/cjs/es/nie.js';
import * as FIN_HETU from 'stdnum/lib/cjs/fi/hetu.js';
import * as FRA_NIR from 'stdnum/lib/cjs/fr/nir.js';
import * as GBR_NINO from 'stdnum/lib/cjs/gb/nino.js';
import * as HRV_OIB from 'stdnum/lib/cjs/hr/oib.js';
import * as IRL_PPS from 'stdnum/lib/cjs/ie/pps.js';
import * as ISL_KENNITALA from 'stdnum/lib/cjs/is/kennitala.js';
import * as ITA_CF from 'stdnum/lib/cjs/it/codicefiscale.js';
import * as LTU_ASMENS from 'stdnum/lib/cjs/lt/asmens.js';
import * as NLD_BSN from 'stdnum/lib/cjs/nl/bsn.js';
import * as NOR_FNR from 'stdnum/lib/cjs/no/fodselsnummer.js';
import * as POL_PESEL from 'stdnum/lib/cjs/pl/pesel.js';
import * as PRT_CC from 'stdnum/lib/cjs/pt/cc.js';
import * as ROU_CNP from 'stdnum/lib/cjs/ro/cnp.js';
import * as SWE_PNR from 'stdnum/lib/cjs/se/personnummer.js';
import * as SVK_RC from 'stdnum/lib/cjs/sk/rc.js';
import * as SVN_EMSO from 'stdnum/lib/cjs/si/emso.js';
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
  // Beyond the list: other states whose passports or ID cards print a personal number
  // with a check digit (Latvia's personas kods has none that the package checks).
  scheme('EST', 'isikukood', EST_IK),
  scheme('LTU', 'asmens kodas', LTU_ASMENS),
  scheme('CZE', 'rodné číslo', CZE_RC),
  scheme('SVK', 'rodné číslo', SVK_RC),
  scheme('BGR', 'EGN', BGR_EGN),
  scheme('ISL', 'kennitala', ISL_KENNITALA),
  scheme('HRV', 'OIB', HRV_OIB),
  scheme('ROU', 'CNP', ROU_CNP),
  scheme('SVN', 'EMŠO', SVN_EMSO),
];

/** Schemes of one country only (none for a country without one here). */
export function ownSchemes(country: string | undefined): readonly PersonalNumberScheme[] {
  return PERSONAL_NUMBER_SCHEMES.filter((s) => s.country === country);
}

/** Schemes of one country, or all when the country is unknown or has none here. */
export function schemesFor(country: string | undefined): readonly PersonalNumberScheme[] {
  const own = ownSchemes(country);
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
