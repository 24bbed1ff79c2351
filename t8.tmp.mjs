import { openDocument } from './dist/shared/load/index.js';
import { rgbToGray } from './dist/shared/image/gray.js';
import { locateMrzCandidates } from './dist/shared/mrz/locate.js';
import { growOrientedRect } from './dist/shared/geometry.js';
import { extractOrientedRect, rotate180 } from './dist/shared/image/warp.js';
import { OcrService } from './dist/shared/ocr/service.js';
import { parseMrz, score } from './dist/shared/mrz/parse.js';
import sharp from 'sharp';
const ocr = new OcrService();
const d = await openDocument(process.argv[2]);
const p = await d.readPage(0);
const g = rgbToGray(p.rgb, p.width, p.height);
const c = locateMrzCandidates(g)[Number(process.argv[3] ?? 0)];
console.log('glyph', c.glyphSize, c.rect);
const rect = growOrientedRect(c.rect, c.glyphSize * 1.5, c.chains.length >= 2 ? c.glyphSize * 0.9 : c.glyphSize * 2.4);
const up = extractOrientedRect(g, rect, 34 / c.glyphSize);
for (const crop of [up, rotate180(up)]) {
  const lines = await ocr.readMrzText(crop);
  for (const l of lines) console.log(l.text);
  const pm = parseMrz(lines.map((l) => l.text));
  console.log(
    pm?.format,
    pm?.lines,
    pm?.checks.map((c) => c.valid),
    pm?.corrections,
    pm && score(pm),
  );
}
await sharp(up.data, { raw: { width: up.width, height: up.height, channels: 1 } })
  .png()
  .toFile('/tmp/exp/crop.png');
await ocr.terminate();
const { binarizeLocal } = await import('./dist/shared/image/gray.js');
const o2 = new OcrService();
for (const off of [4, 8, 12]) {
  const b = binarizeLocal(up, 20, off);
  await sharp(b.data, { raw: { width: b.width, height: b.height, channels: 1 } })
    .png()
    .toFile('/tmp/exp/cropb' + off + '.png');
  const lines = await o2.readMrzText(b);
  console.log(
    off,
    lines.map((l) => l.text),
  );
}
await o2.terminate();
