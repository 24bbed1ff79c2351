import type { Box } from '../geometry.js';
import { openPdfJs } from '../load/pdf.js';
import { applyMatrix as apply, IDENTITY, multiply, type PdfMatrix as Matrix } from '../load/pdfMatrix.js';
import { maskValue } from '../report.js';
import type { Finding } from './findings.js';

/** Findings' boxes are in the pixels of pages rendered at this resolution (as the loader renders them). */
const PAGE_DPI = 300;
/** A filled shape this dark (each RGB channel at most this, 0-255) hides what is under it on screen. */
const DARK = 80;
/** Boxes smaller than this (points, either side) are rules and bullets, not covers. */
const MIN_BOX_POINTS = 6;

/** A rectangle in PDF user space (points, y up). */
interface PdfRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function rectUnder(m: Matrix, x0: number, y0: number, x1: number, y1: number): PdfRect {
  const corners = [apply(m, x0, y0), apply(m, x1, y0), apply(m, x0, y1), apply(m, x1, y1)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

const overlapShare = (a: PdfRect, b: PdfRect): number => {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  const area = (a.x1 - a.x0) * (a.y1 - a.y0);
  return w > 0 && h > 0 && area > 0 ? (w * h) / area : 0;
};

function darkColour(args: unknown[]): boolean {
  const [first] = args;
  if (typeof first === 'string' && /^#[0-9a-f]{6}$/i.test(first)) {
    const v = [1, 3, 5].map((i) => parseInt(first.slice(i, i + 2), 16));
    return v.every((c) => c <= DARK);
  }
  const numbers = args.filter((a): a is number => typeof a === 'number');
  return numbers.length > 0 && numbers.every((c) => (c <= 1 ? c * 255 : c) <= DARK);
}

/** Text that looks like an identifier: MRZ fillers, or six digits in a row. */
const SENSITIVE_TEXT = /<<|[0-9]{6}|[A-Z0-9]{2}<|[A-Z]{1,3}[0-9]{6,}/;

/**
 * What a PDF holds besides what its pages show: text (an OCR layer, text
 * under a drawn black box), images still intact under vector boxes,
 * annotations, earlier revisions, metadata, attachments and scripts —
 * read from the file's structure with pdf.js, the way Free Law Project's
 * x-ray looks for bad redactions.
 */
export async function pdfStructureFindings(name: string, bytes: Uint8Array): Promise<Finding[]> {
  const findings: Finding[] = [];
  const eofs = Buffer.from(bytes).toString('latin1').match(/%%EOF/g)?.length ?? 0;
  if (eofs > 1) {
    findings.push({
      kind: 'pdf_incremental_update',
      severity: 'medium',
      evidence: `the file keeps ${eofs} revisions (incremental updates): earlier ones may still hold the unredacted page`,
    });
  }
  const { pdfjs, doc, destroy } = await openPdfJs(name, new Uint8Array(bytes));
  const OPS = pdfjs.OPS;
  try {
    const meta = await doc.getMetadata().catch(() => undefined);
    const info = (meta?.info ?? {}) as Record<string, unknown>;
    const infoKeys = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer'].filter(
      (k) => typeof info[k] === 'string' && (info[k] as string).trim() !== '',
    );
    if (infoKeys.length > 0 || meta?.metadata) {
      findings.push({
        kind: 'pdf_metadata',
        severity: 'low',
        evidence: `document information (${[...infoKeys, ...(meta?.metadata ? ['XMP'] : [])].join(', ')})`,
      });
    }
    const attachments = await doc.getAttachments().catch(() => null);
    if (attachments && Object.keys(attachments).length > 0) {
      findings.push({
        kind: 'pdf_attachment',
        severity: 'high',
        evidence: `${Object.keys(attachments).length} embedded file(s): ${Object.keys(attachments).length} attachment(s) may hold the original`,
      });
    }
    const scripts = await doc.getJSActions().catch(() => null);
    if (
      (scripts && Object.keys(scripts).length > 0) ||
      /\/JavaScript|\/JS\s*[(<]/.test(Buffer.from(bytes).toString('latin1'))
    ) {
      findings.push({ kind: 'pdf_javascript', severity: 'medium', evidence: 'the PDF carries JavaScript' });
    }

    for (let index = 0; index < doc.numPages; index++) {
      const page = await doc.getPage(index + 1);
      const viewport = page.getViewport({ scale: PAGE_DPI / 72 });
      const toPixels = (r: PdfRect): Box => {
        const [ax, ay] = viewport.convertToViewportPoint(r.x0, r.y0) as [number, number];
        const [bx, by] = viewport.convertToViewportPoint(r.x1, r.y1) as [number, number];
        return { x: Math.min(ax, bx), y: Math.min(ay, by), width: Math.abs(bx - ax), height: Math.abs(by - ay) };
      };

      // Walk the drawing operators: where images are painted, where dark boxes are filled over them.
      const ops = await page.getOperatorList();
      let ctm: Matrix = [...IDENTITY];
      const stack: Matrix[] = [];
      let dark = false;
      let invisibleText = false;
      const images: PdfRect[] = [];
      const boxes: { rect: PdfRect; overImage: boolean }[] = [];
      for (let i = 0; i < ops.fnArray.length; i++) {
        const fn = ops.fnArray[i];
        const args = (ops.argsArray[i] ?? []) as unknown[];
        if (fn === OPS.save) stack.push(ctm);
        else if (fn === OPS.restore) ctm = stack.pop() ?? [...IDENTITY];
        else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
        else if (fn === OPS.paintFormXObjectBegin) {
          stack.push(ctm);
          if (Array.isArray(args[0])) ctm = multiply(ctm, args[0] as Matrix);
        } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? [...IDENTITY];
        else if (fn === OPS.setFillRGBColor || fn === OPS.setFillGray || fn === OPS.setFillCMYKColor)
          dark = fn === OPS.setFillCMYKColor ? (args[3] as number) >= 0.7 : darkColour(args);
        else if (fn === OPS.setTextRenderingMode && args[0] === 3) invisibleText = true;
        else if (
          fn === OPS.paintImageXObject ||
          fn === OPS.paintInlineImageXObject ||
          fn === OPS.paintImageXObjectRepeat ||
          fn === OPS.paintImageMaskXObject
        )
          images.push(rectUnder(ctm, 0, 0, 1, 1));
        else if (fn === OPS.constructPath) {
          const paint = args[0];
          const minMax = args[2] as ArrayLike<number> | undefined;
          const fills = [OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke].includes(paint as number);
          if (fills && dark && minMax && minMax.length >= 4) {
            const rect = rectUnder(ctm, minMax[0]!, minMax[1]!, minMax[2]!, minMax[3]!);
            if (rect.x1 - rect.x0 >= MIN_BOX_POINTS && rect.y1 - rect.y0 >= MIN_BOX_POINTS)
              boxes.push({ rect, overImage: images.some((img) => overlapShare(rect, img) > 0) });
          }
        }
      }
      for (const box of boxes.filter((b) => b.overImage)) {
        findings.push({
          kind: 'pdf_image_under_box',
          severity: 'high',
          page: index,
          box: toPixels(box.rect),
          evidence: 'a black box is drawn over the page image, which is still whole in the file underneath',
        });
      }

      // Text: an OCR layer, invisible text, text under the drawn boxes.
      const content = await page.getTextContent();
      const items = content.items.filter(
        (it): it is typeof it & { str: string; transform: number[]; width: number; height: number } =>
          'str' in it && it.str.trim() !== '',
      );
      const text = items.map((it) => it.str).join(' ');
      if (items.length > 0) {
        const sample = text.replace(/\s+/g, ' ').slice(0, 12);
        const sensitive = SENSITIVE_TEXT.test(text.replace(/\s+/g, ''));
        findings.push({
          kind: 'pdf_text_layer',
          severity: sensitive ? 'high' : 'medium',
          page: index,
          evidence:
            `${invisibleText ? 'an invisible' : 'a'} text layer of ${text.length} characters ("${maskValue(sample)}")` +
            (sensitive ? ', with MRZ-like text or long numbers' : ''),
        });
      }
      for (const item of items) {
        const [, , , d, e, f] = item.transform as Matrix;
        const rect: PdfRect = { x0: e, y0: f, x1: e + item.width, y1: f + (item.height || Math.abs(d)) };
        if (boxes.some((b) => overlapShare(rect, b.rect) > 0.5)) {
          findings.push({
            kind: 'pdf_text_under_box',
            severity: 'high',
            page: index,
            box: toPixels(rect),
            evidence: `text under a black box is still in the file ("${maskValue(item.str.trim())}")`,
          });
        }
      }

      for (const annotation of await page.getAnnotations()) {
        const subtype = String((annotation as { subtype?: string }).subtype ?? 'annotation');
        const rect = (annotation as { rect?: number[] }).rect;
        const covering = ['Redact', 'Square', 'Ink', 'Highlight', 'Polygon', 'FreeText', 'Stamp'].includes(subtype);
        findings.push({
          kind: 'pdf_annotation',
          severity: covering ? 'high' : 'low',
          page: index,
          ...(rect ? { box: toPixels({ x0: rect[0]!, y0: rect[1]!, x1: rect[2]!, y1: rect[3]! }) } : {}),
          evidence:
            subtype === 'Redact'
              ? 'a redaction annotation that was never applied: the content under it is intact'
              : covering
                ? `a ${subtype} annotation drawn over the page: the content under it is intact`
                : `a ${subtype} annotation`,
        });
      }
      page.cleanup();
    }
  } finally {
    await destroy();
  }
  return findings;
}
