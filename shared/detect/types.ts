import type { GrayImage } from '../image/gray.js';
import type { PageImage } from '../load/page.js';
import type { MrzReading } from '../mrz/read.js';
import type { OcrService } from '../ocr/service.js';
import type { Region } from '../regions.js';
import type { VizWord } from './vizText.js';

/** Everything detectors know about one page; later detectors see earlier findings. */
export interface PageAnalysis {
  page: PageImage;
  gray: GrayImage;
  /** MRZs read on this page (filled by the MRZ detector). */
  mrz: MrzReading[];
  regions: Region[];
  /** Printed words of the visual zone (filled by the text reader). */
  words: VizWord[];
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
