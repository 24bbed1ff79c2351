import { openDocument } from './dist/shared/load/index.js';
import { rgbToGray } from './dist/shared/image/gray.js';
import { locateMrzCandidates } from './dist/shared/mrz/locate.js';
const d = await openDocument(process.argv[2]);
const p = await d.readPage(0);
const g = rgbToGray(p.rgb, p.width, p.height);
for (const c of locateMrzCandidates(g))
  console.log(
    c.chains.map((ch) => ch.glyphs.length),
    c.glyphSize,
  );
