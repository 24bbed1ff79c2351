import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { VerifyReport } from './findings.js';

const PAGE: [number, number] = [595.28, 841.89]; // A4, points
const MARGIN = 50;

/** WinAnsi (the standard fonts' encoding) cannot show every character: replace the others. */
const printable = (text: string): string =>
  text.replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac]/g, '?');

/**
 * The verify report as a PDF for the DPO's records: file, date, verdict,
 * summary and every finding (kind, severity, page, place, masked evidence).
 */
export async function verifyReportPdf(report: VerifyReport, checkedAt: Date = new Date()): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page = pdf.addPage(PAGE);
  let y = PAGE[1] - MARGIN;
  const width = PAGE[0] - 2 * MARGIN;
  const write = (text: string, size = 10, f = font, colour = rgb(0, 0, 0)): void => {
    // Wrap by words to the page width.
    const words = printable(text).split(/\s+/);
    let line = '';
    const flush = (): void => {
      if (y < MARGIN + size) {
        page = pdf.addPage(PAGE);
        y = PAGE[1] - MARGIN;
      }
      page.drawText(line, { x: MARGIN, y, size, font: f, color: colour });
      y -= size * 1.4;
      line = '';
    };
    for (const word of words) {
      const next = line ? `${line} ${word}` : word;
      if (f.widthOfTextAtSize(next, size) > width && line) {
        flush();
        line = word;
      } else line = next;
    }
    if (line) flush();
  };
  write('IDRedact verification report', 18, bold);
  y -= 6;
  write(`File: ${report.file}`);
  write(`Checked: ${checkedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC, ${report.pages} page(s)`);
  y -= 6;
  const leaks = report.verdict === 'leaks';
  write(
    `Verdict: ${report.verdict.toUpperCase()}`,
    14,
    bold,
    leaks || report.verdict === 'error' ? rgb(0.75, 0, 0) : rgb(0, 0.45, 0.3),
  );
  write(report.summary);
  y -= 8;
  write(report.findings.length ? 'Findings' : 'No findings.', 12, bold);
  for (const f of report.findings) {
    const where =
      f.page !== undefined
        ? ` — page ${f.page + 1}${f.box ? `, at ${Math.round(f.box.x)},${Math.round(f.box.y)} (${Math.round(f.box.width)} x ${Math.round(f.box.height)} px)` : ''}`
        : '';
    write(`[${f.severity}] ${f.kind}${where}: ${f.evidence}`);
  }
  y -= 8;
  write('Values are masked. Nothing was sent over the network: the check ran on this computer.', 8);
  return pdf.save({ useObjectStreams: false });
}
