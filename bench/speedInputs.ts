import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { drawTd1Back, drawTd1Front, drawTd3 } from '../test/fixtures/documents.js';
import { PEOPLE } from '../test/fixtures/mrzText.js';
import { specimenPortrait } from '../test/fixtures/portraits.js';
import { encodeScene, perspectivePhoto, renderScene, scenesToPdf, type Scene } from '../test/fixtures/scene.js';

/** One input of the speed benchmark. */
export interface SpeedInput {
  name: string;
  file: string;
  pages: number;
}

const DPI = 300;
const MM = DPI / 25.4;

/** An A4 sheet at 300 dpi (2480 x 3508) with one document laid on it, as a flatbed scan makes it. */
function a4Scan(
  scene: Omit<Parameters<typeof renderScene>[0][number], 'center'>,
  at: { xMm: number; yMm: number },
): Scene {
  const width = Math.round(210 * MM);
  const height = Math.round(297 * MM);
  const { doc } = scene;
  return renderScene(
    [{ ...scene, center: { x: at.xMm * MM + doc.canvas.width / 2, y: at.yMm * MM + doc.canvas.height / 2 } }],
    { width, height, background: '#fbfbf8', noise: 4 },
  );
}

/**
 * The four inputs the issue names: a 300-dpi flat scan of a TD3 page on A4, a
 * TD1 card's front and back side by side, a 3000x2000 phone photo, a 2-page PDF.
 * Fictional people, specimen portrait (so that the face detector works as on real copies).
 */
export async function makeSpeedInputs(dir: string): Promise<SpeedInput[]> {
  const photo = await specimenPortrait();
  const td3 = drawTd3(PEOPLE.passport, DPI, { photo });
  const scan = a4Scan({ doc: td3, angleDeg: 0.4 }, { xMm: 20, yMm: 25 });
  const frontBack = renderScene(
    [
      { doc: drawTd1Front(PEOPLE.card, DPI, { photo }), center: { x: 620, y: 460 }, angleDeg: 0 },
      { doc: drawTd1Back(PEOPLE.card, DPI), center: { x: 1760, y: 470 }, angleDeg: 1 },
    ],
    { width: 2400, height: 920, background: '#f2f2f0', noise: 4 },
  );
  const phone = perspectivePhoto(
    drawTd3(PEOPLE.passport, 250, { photo }),
    [
      { x: 600, y: 420 },
      { x: 2440, y: 360 },
      { x: 2600, y: 1690 },
      { x: 430, y: 1580 },
    ],
    { width: 3000, height: 2000 },
  );
  const pdfPages = [scan, a4Scan({ doc: drawTd1Back(PEOPLE.card, DPI), angleDeg: 0 }, { xMm: 30, yMm: 40 })];

  const inputs: SpeedInput[] = [];
  const put = async (name: string, bytes: Buffer, pages = 1): Promise<void> => {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    inputs.push({ name, file, pages });
  };
  await put('td3-a4-scan.jpg', await encodeScene(scan, 'jpeg', { quality: 90 }));
  await put('td1-front-back.jpg', await encodeScene(frontBack, 'jpeg', { quality: 90 }));
  await put('phone-photo.jpg', await encodeScene(phone, 'jpeg', { quality: 88 }));
  await put('two-pages.pdf', await scenesToPdf(pdfPages, DPI), 2);
  return inputs;
}
