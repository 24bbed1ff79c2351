import type { Box } from './geometry.js';
import type { InputErrorReason } from './errors.js';
import type { MrzFormat } from './mrz/formats.js';
import type { Region } from './regions.js';
import type { Finding } from './verify/findings.js';

/**
 * Hides a sensitive value for reports and logs: the first three and the last
 * character stay, the rest become `*` ("SPECI2014" -> "SPE*****4").
 */
export function maskValue(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 4) + value.slice(-1);
}

export interface MrzSummary {
  format: MrzFormat;
  lines: number;
  checks: { name: string; valid: boolean }[];
  allChecksValid: boolean;
  /** Masked: see maskValue. */
  documentNumber: string;
  /** Whether the MRZ's optional-data fields hold anything (where personal numbers live). */
  hasOptionalData: boolean;
  lineBoxes: Box[];
  zoneBox: Box;
  angle: number;
}

export interface PageReport {
  page: number;
  width: number;
  height: number;
  regions: Region[];
  mrz: MrzSummary[];
  warnings: string[];
  /** What the verify pixel checks still found on the redacted page before it was written (empty: nothing). */
  selfCheck?: Finding[];
}

/** redacted: done; review: written, but a person should look; error: nothing written. */
export type FileStatus = 'redacted' | 'review' | 'error';

export interface FileReport {
  file: string;
  output?: string;
  status: FileStatus;
  format?: string;
  pages: PageReport[];
  warnings: string[];
  error?: { reason: InputErrorReason | 'output' | 'internal'; message: string };
  /**
   * Milliseconds spent decoding, finding (with the self-check) and encoding and writing. A page is
   * encoded while it is self-checked, so the three may add up to more than `totalMs`.
   */
  timings: { loadMs: number; detectMs: number; exportMs: number; totalMs: number };
}

export interface BatchReport {
  tool: 'idredact';
  version: string;
  startedAt: string;
  files: FileReport[];
  summary: { files: number; redacted: number; review: number; errors: number };
  /** Peak resident memory of the whole run (all threads), in MB. */
  peakRssMb: number;
}
