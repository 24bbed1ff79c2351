import { openDocument } from './dist/shared/load/index.js';
import { rgbToGray } from './dist/shared/image/gray.js';
import { readMrzs } from './dist/shared/mrz/read.js';
import { locateMrzCandidates } from './dist/shared/mrz/locate.js';
import { OcrService } from './dist/shared/ocr/service.js';
import fs from 'node:fs';
const ocr = new OcrService({ workers: 1 });
const dir = '/work/shared/specimens/img/';
const files = process.argv[2] ? [process.argv[2]] : fs.readdirSync(dir);
let ok = 0;
for (const f of files) {
  const truth = JSON.parse(fs.readFileSync('/work/shared/specimens/truth/' + f.replace(/\.\w+$/, '.json')));
  const doc = await openDocument(dir + f);
  const p = await doc.readPage(0);
  const g = rgbToGray(p.rgb, p.width, p.height);
  const t0 = Date.now();
  const cands = locateMrzCandidates(g);
  const t1 = Date.now();
  const res = await readMrzs(g, ocr);
  const rs = res.readings;
  if (res.unreadable.length) console.log('  unreadable blocks:', res.unreadable.length);
  const exact = truth.mrz_lines.length && rs.some((r) => r.parsed.lines.join('|') === truth.mrz_lines[0].join('|'));
  if (exact) ok++;
  console.log(
    f.padEnd(45),
    `loc ${t1 - t0}ms cands ${cands.length} [${cands
      .slice(0, 4)
      .map((c) => c.chains.length + 'x' + c.chains[0].glyphs.length)
      .join(' ')}] read ${Date.now() - t1}ms`,
    rs.map((r) => `${r.parsed.format} ${r.parsed.allChecksValid} ${Math.round(r.angle)}`).join(';'),
    exact
      ? 'EXACT'
      : truth.mrz_lines.length
        ? 'truth ' + truth.mrz_lines[0][1] + ' got ' + (rs[0]?.parsed.lines.at(-1) ?? '-')
        : 'no-mrz',
  );
}
console.log('exact', ok);
await ocr.terminate();
