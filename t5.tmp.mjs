import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
GlobalFonts.registerFromPath('/work/main/assets/fonts/OCRB.otf', 'OCRB');
const g = createCanvas(10, 10).getContext('2d');
g.font = '100px OCRB';
for (const ch of ['0', 'O', 'D', 'Q', '1', 'I', '8', 'B', '5', 'S', '2', 'Z', 'C', 'G', '6']) {
  const m = g.measureText(ch);
  console.log(
    ch,
    Math.round(m.actualBoundingBoxLeft + m.actualBoundingBoxRight),
    Math.round(m.actualBoundingBoxAscent),
  );
}
