import type { GrayImage } from '../image/gray.js';
import type { QuarterTurns } from '../image/rotate.js';
import type { PageImage } from '../load/page.js';
import type { MrzReading } from '../mrz/read.js';
import type { OcrService } from '../ocr/service.js';
import type { Region } from '../regions.js';
import type { TextFrame, VizWord } from './textFrame.js';

/** Everything detectors know about one page; later detectors see earlier findings. */
export interface PageAnalysis {
  page: PageImage;
  gray: GrayImage;
  /** MRZs read on this page (filled by the MRZ detector). */
  mrz: MrzReading[];
  regions: Region[];
  /** Printed words of the visual zone (filled by the text reader). */
  words: VizWord[];
  /** The page's text directions, degrees modulo 180 (filled by the MRZ detector from all text). */
  textDirections?: number[];
  /** Quarter turns that make the page's faces upright (filled by the portrait detector). */
  uprightTurns?: QuarterTurns;
  /** The upright frame the words were read in (filled by the text reader). */
  textFrame?: TextFrame;
  /** Problems a person should look at, in words. */
  warnings: string[];
}

export interface DetectorTools {
  ocr: OcrService;
}

/** One small module per kind of thing to find; adding a detector is adding one file to the list. */
export interface Detector {
  name: string;
  detect(analysis: PageAnalysis, tools: DetectorTools): Promise<void>;
}
