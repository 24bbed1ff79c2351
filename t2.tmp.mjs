import { openDocument } from './dist/shared/load/index.js';
import { rgbToGray } from './dist/shared/image/gray.js';
import { readMrzs } from './dist/shared/mrz/read.js';
import { OcrService } from './dist/shared/ocr/service.js';
const ocr = new OcrService();
for (const f of process.argv.slice(2)) {
  const d = await openDocument(f);
  const p = await d.readPage(0);
  const t = Date.now();
  const rs = await readMrzs(rgbToGray(p.rgb, p.width, p.height), ocr);
  console.log(
    f,
    Date.now() - t,
    rs.map((r) => [r.parsed.format, r.parsed.allChecksValid, Math.round(r.angle), r.parsed.lines.join('|')]),
  );
}
await ocr.terminate();
