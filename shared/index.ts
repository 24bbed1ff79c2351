/** The IDRedact engine: plain TypeScript, no Electron, shared by the app and the CLI. */
export * from './errors.js';
export * from './geometry.js';
export * from './regions.js';
export * from './report.js';
export { openDocument, SUPPORTED_EXTENSIONS, type DocumentSource, type PageImage } from './load/index.js';
export { OcrService } from './ocr/service.js';
export { parseMrz } from './mrz/parse.js';
export { readMrzs, type MrzReading } from './mrz/read.js';
export { coverRegions } from './redact/cover.js';
export { encodeImage, encodePdf } from './export/encode.js';
export { redactFile, outputPath, chooseFormat, type RedactOptions, type FormatChoice } from './pipeline.js';
