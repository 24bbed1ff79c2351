import { mrzDetector } from './mrzDetector.js';
import { mrzSecondRead } from './mrzSecondRead.js';
import { labelledValueReader } from './labelledValueReader.js';
import { missedNumberCheck } from './missedNumberCheck.js';
import { colourFadedReader } from './colourFadedReader.js';
import { nationalFormatDetector } from './nationalFormatDetector.js';
import { numberPieceReader } from './numberPieceReader.js';
import { numberZoneReader } from './numberZoneReader.js';
import { ghostLayoutDetector } from './ghostLayoutDetector.js';
import { facingPageCopyDetector } from './facingPageCopyDetector.js';
import { documentNumberDetector } from './documentNumberDetector.js';
import { numberLabelReader } from './numberLabelReader.js';
import { cardFrontNumberDetector } from './cardFrontNumberDetector.js';
import { unmatchedNumberDetector } from './unmatchedNumberDetector.js';
import { drivingLicenceDetector } from './drivingLicenceDetector.js';
import { personalNumberDetector } from './personalNumberDetector.js';
import { perforationDetector } from './perforationDetector.js';
import { portraitDetector, portraitTurnCheck } from './portraitDetector.js';
import { serialNumberDetector } from './serialNumberDetector.js';
import { vizTextReader } from './vizText.js';
import type { Detector } from './types.js';

export type { Detector, DetectorTools, PageAnalysis } from './types.js';

/**
 * Detectors in the order they run: later ones may use what earlier ones found
 * (on a page with an MRZ the portrait and the text reader run at once, see analysePage).
 */
export const DETECTORS: readonly Detector[] = [
  mrzDetector,
  portraitDetector,
  vizTextReader,
  portraitTurnCheck,
  ghostLayoutDetector,
  facingPageCopyDetector,
  mrzSecondRead,
  labelledValueReader,
  colourFadedReader,
  numberZoneReader,
  numberLabelReader,
  documentNumberDetector,
  numberPieceReader,
  personalNumberDetector,
  perforationDetector,
  nationalFormatDetector,
  drivingLicenceDetector,
  cardFrontNumberDetector,
  unmatchedNumberDetector,
  serialNumberDetector,
  missedNumberCheck,
];
