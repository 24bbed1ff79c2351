import { IndependentReader, lineReadable, numberLines } from './test/helpers/independentRead.js';
import fs from 'node:fs';
const r = new IndependentReader();
const dir = '/work/shared/specimens/img/';
for (const f of fs.readdirSync(dir)) {
  const truth = JSON.parse(fs.readFileSync('/work/shared/specimens/truth/' + f.replace(/\.\w+$/, '.json'), 'utf8'));
  if (!truth.mrz_lines.length) continue;
  const t = Date.now();
  const lines = await r.readLines(dir + f);
  const orig = numberLines(truth.mrz_lines[0]).map((l) => lineReadable(l, lines).toFixed(2));
  const outFile = '/tmp/exp/spec-out/' + f.replace(/\.(\w+)$/, '.redacted.$1').replace('.jpg', '.jpg');
  let after = ['-'];
  if (fs.existsSync(outFile)) {
    const l2 = await r.readLines(outFile);
    after = numberLines(truth.mrz_lines[0]).map((l) => lineReadable(l, l2).toFixed(2));
  }
  console.log(f.padEnd(45), Date.now() - t, 'orig', orig.join(' '), 'after', after.join(' '));
}
await r.terminate();
