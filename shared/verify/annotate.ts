import type { RedactedPage } from '../export/encode.js';
import type { Finding } from './findings.js';

/** A copy of the page with every finding's area outlined in red (high) or orange (medium). */
export function outlineFindings(
  page: { width: number; height: number; rgb: Buffer },
  findings: readonly Finding[],
): RedactedPage {
  const rgb = Buffer.from(page.rgb);
  const thickness = Math.max(3, Math.round(Math.min(page.width, page.height) / 250));
  const paint = (x: number, y: number, colour: [number, number, number]): void => {
    if (x < 0 || y < 0 || x >= page.width || y >= page.height) return;
    const i = (y * page.width + x) * 3;
    [rgb[i], rgb[i + 1], rgb[i + 2]] = colour;
  };
  for (const finding of findings) {
    if (!finding.box || finding.severity === 'low') continue;
    const colour: [number, number, number] = finding.severity === 'high' ? [230, 0, 0] : [255, 140, 0];
    const x0 = Math.floor(finding.box.x) - thickness;
    const y0 = Math.floor(finding.box.y) - thickness;
    const x1 = Math.ceil(finding.box.x + finding.box.width) + thickness;
    const y1 = Math.ceil(finding.box.y + finding.box.height) + thickness;
    for (let t = 0; t < thickness; t++) {
      for (let x = x0; x <= x1; x++) {
        paint(x, y0 + t, colour);
        paint(x, y1 - t, colour);
      }
      for (let y = y0; y <= y1; y++) {
        paint(x0 + t, y, colour);
        paint(x1 - t, y, colour);
      }
    }
  }
  return { width: page.width, height: page.height, rgb };
}
