/** A decoded page: 8-bit RGB pixels at the source's native resolution. */
export interface PageImage {
  /** 0-based page number within the document. */
  index: number;
  /** Width in page pixels (after EXIF orientation). */
  width: number;
  /** Height in page pixels (after EXIF orientation). */
  height: number;
  /** Interleaved RGB, `width * height * 3` bytes, rows top to bottom. */
  rgb: Buffer;
  /** Physical page size when the source states one (PDF pages always do). */
  physicalSize?: PhysicalSize;
  /**
   * The pixels were decoded from a JPEG (a PDF page that is one scanned JPEG):
   * a PDF copy stores the page as a JPEG too, losing nothing the source had not lost already.
   */
  fromJpeg?: boolean;
}

/** Document millimetres, as opposed to page pixels. */
export interface PhysicalSize {
  widthMm: number;
  heightMm: number;
}

export type InputFormat = 'jpeg' | 'png' | 'tiff' | 'webp' | 'gif' | 'bmp' | 'heif' | 'avif' | 'pdf';

/** An opened document whose pages are decoded one at a time, on demand. */
export interface DocumentSource {
  /** The file name (or label) used in messages. */
  name: string;
  format: InputFormat;
  pageCount: number;
  readPage(index: number): Promise<PageImage>;
  close(): Promise<void>;
}

export interface LoadLimits {
  /** Largest accepted file, in bytes. */
  maxFileBytes: number;
  /** Largest accepted page, in pixels (width x height). */
  maxPagePixels: number;
  /** Most pages accepted in one document. */
  maxPages: number;
  /** Resolution PDF pages are rendered at. */
  pdfDpi: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxPagePixels: 80_000_000,
  maxPages: 100,
  pdfDpi: 300,
};
