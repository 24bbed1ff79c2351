import { openDocument } from './dist/shared/load/index.js';
import { rgbToGray } from './dist/shared/image/gray.js';
import { locateMrzCandidates } from './dist/shared/mrz/locate.js';
import { growOrientedRect } from './dist/shared/geometry.js';
import { extractOrientedRect } from './dist/shared/image/warp.js';
import { OcrService } from './dist/shared/ocr/service.js';
import sharp from 'sharp';
const ocr = new OcrService();
const d = await openDocument(process.argv[2]);
const p = await d.readPage(0);
const g = rgbToGray(p.rgb, p.width, p.height);
const cands = locateMrzCandidates(g);
for (const c of cands.slice(0, 3)) {
  const rect = growOrientedRect(
    c.rect,
    c.glyphSize * 1.5,
    c.chains.length >= 2 ? c.glyphSize * 0.9 : c.glyphSize * 2.4,
  );
  const crop = extractOrientedRect(g, rect, 34 / c.glyphSize);
  console.log(c.chains.length, c.glyphSize, crop.width, crop.height);
  const lines = await ocr.readMrzText(crop);
  for (const l of lines) console.log(l.text, l.symbols.map((s) => s.text + Math.round(s.confidence)).join(' '));
  await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 1 } })
    .png()
    .toFile('/tmp/exp/crop.png');
  break;
}
await ocr.terminate();
