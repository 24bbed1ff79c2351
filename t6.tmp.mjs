import { openDocument } from './dist/shared/load/index.js';
import { rgbToGray } from './dist/shared/image/gray.js';
import { locateMrzCandidates } from './dist/shared/mrz/locate.js';
const d = await openDocument(process.argv[2]);
const p = await d.readPage(0);
const g = rgbToGray(p.rgb, p.width, p.height);
for (const c of locateMrzCandidates(g))
  console.log(
    c.chains
      .map(
        (ch) =>
          `n=${ch.glyphs.length} size=${ch.glyphSize} along=${ch.alongMin.toFixed(0)}..${ch.alongMax.toFixed(0)} across=${ch.across.toFixed(1)} u=${ch.u.x.toFixed(3)},${ch.u.y.toFixed(3)}`,
      )
      .join(' | '),
  );
