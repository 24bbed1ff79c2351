import { createRequire } from 'node:module';
import { assetPath } from '../assets.js';
import type { Watermark } from './watermarkText.js';

export { watermarkText, type Watermark } from './watermarkText.js';

const require = createRequire(import.meta.url);

/**
 * The canvas library, loaded on the first watermark: it costs ~0.15 s of
 * start-up that runs without a watermark (every command-line run) need not pay.
 */
function canvasLibrary(): typeof import('@napi-rs/canvas') {
  return require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
}

let fontFamily: string | undefined;

/** The bundled OCR-B font (public domain): no system font is needed, nothing is fetched. */
function font(): string {
  fontFamily ??= canvasLibrary().GlobalFonts.registerFromPath(assetPath('fonts', 'OCRB.otf'), 'IDRedact OCRB')
    ? 'IDRedact OCRB'
    : 'sans-serif';
  return fontFamily;
}

/**
 * Returns a copy of the page's RGB pixels with the watermark blended in. Run
 * it before the covers are painted: covers stay fully opaque on top of it.
 */
export function burnWatermark(page: { width: number; height: number; rgb: Uint8Array }, watermark: Watermark): Buffer {
  const { width, height } = page;
  const out = Buffer.from(page.rgb);
  const text = watermark.text.trim();
  if (text.length === 0) return out;
  const canvas = canvasLibrary().createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const size = Math.max(14, Math.round(Math.min(width, height) / 20));
  ctx.font = `${size}px "${font()}"`;
  ctx.fillStyle = '#000';
  const step = ctx.measureText(`${text}     `).width;
  // Rows of the text at -30 degrees, far enough out to reach every corner.
  ctx.translate(width / 2, height / 2);
  ctx.rotate(-Math.PI / 6);
  const reach = Math.hypot(width, height);
  for (let y = -reach / 2, row = 0; y < reach / 2; y += size * 3.2, row++) {
    for (let x = -reach / 2 - (row % 2) * (step / 2); x < reach / 2; x += step) ctx.fillText(text, x, y);
  }
  const alpha = ctx.getImageData(0, 0, width, height).data;
  const opacity = Math.min(1, Math.max(0.05, watermark.opacity ?? 0.3));
  for (let i = 0, j = 0; j < out.length; i += 4, j += 3) {
    const a = (alpha[i + 3]! / 255) * opacity;
    if (a === 0) continue;
    for (let c = 0; c < 3; c++) out[j + c] = Math.round(out[j + c]! * (1 - a) + 40 * a);
  }
  return out;
}
