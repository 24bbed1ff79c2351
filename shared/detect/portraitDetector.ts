import { quadBounds, quadCenter, quadContains, type Box, type Point, type Quad } from '../geometry.js';
import { photoAroundFace } from '../faces/photoFrame.js';
import { rgbToGray } from '../image/gray.js';
import { detectFaces, type FaceDetection } from '../faces/faceDetector.js';
import { rotatePage, turnsToUpright, unrotatePoint, type QuarterTurns } from '../image/rotate.js';
import { clampToPortraitZone, portraitZone } from '../layout/icao.js';
import type { Region } from '../regions.js';
import type { Detector, PageAnalysis } from './types.js';

/** A face this much smaller than the main portrait is the faint secondary ("ghost") one. */
const GHOST_AREA_RATIO = 0.5;
const MIN_FACE_SCORE = 0.3;

interface UprightFace extends FaceDetection {
  turns: QuarterTurns;
  /** What is left of the document's tilt after the quarter turns (degrees, from its MRZ). */
  skew: number;
  /** The whole printed photo, in the upright page's pixels. */
  photo: Box;
}

/** Runs the face detector with the page turned upright: the model only finds upright faces. */
async function findFaces(analysis: PageAnalysis): Promise<UprightFace[]> {
  const page = analysis.page;
  const fromMrz = analysis.mrz.map((m) => turnsToUpright(m.angle));
  const skewFor = (turns: QuarterTurns): number => {
    const reading = analysis.mrz.find((m) => turnsToUpright(m.angle) === turns);
    if (!reading) return 0;
    const residual = (((reading.angle - turns * 90) % 360) + 360) % 360;
    return residual > 180 ? residual - 360 : residual;
  };
  const tried = new Set<QuarterTurns>();
  const order: QuarterTurns[] = [...fromMrz, 0, 1, 3, 2];
  for (const turns of order) {
    if (tried.has(turns)) continue;
    tried.add(turns);
    const upright = rotatePage(page, turns);
    const faces = await detectFaces(upright, MIN_FACE_SCORE);
    if (faces.length > 0) {
      const gray = rgbToGray(upright.rgb, upright.width, upright.height);
      return faces.map((f) => ({ ...f, turns, skew: skewFor(turns), photo: photoAroundFace(gray, f.box) }));
    }
    // Without an MRZ to say which way is up, try the other turns only if the page shows no face at all.
    if (fromMrz.length > 0 && tried.size >= new Set(fromMrz).size) break;
  }
  return [];
}

/** The printed photo around a face, as a quad on the original page. */
function photoQuad(face: UprightFace, page: { width: number; height: number }): Quad {
  const { x: left, y: top, width, height } = face.photo;
  const [right, bottom] = [left + width, top + height];
  const upright: Point[] = [
    { x: left, y: top },
    { x: right, y: top },
    { x: right, y: bottom },
    { x: left, y: bottom },
  ];
  // A tilted document has a tilted photo: turn the box with it, about the face.
  const a = (face.skew * Math.PI) / 180;
  const c = { x: face.box.x + face.box.width / 2, y: face.box.y + face.box.height / 2 };
  const tilted = upright.map((p) => ({
    x: c.x + (p.x - c.x) * Math.cos(a) - (p.y - c.y) * Math.sin(a),
    y: c.y + (p.x - c.x) * Math.sin(a) + (p.y - c.y) * Math.cos(a),
  }));
  return tilted.map((p) => unrotatePoint(p, face.turns, page)) as Quad;
}

/**
 * Covers the portrait and any ghost portrait: faces found by the detector,
 * widened to the whole photo; where an MRZ fixes the document's frame and no
 * face was found in the ICAO portrait zone, that zone is covered instead.
 */
export const portraitDetector: Detector = {
  name: 'portrait',
  async detect(analysis) {
    const page = analysis.page;
    const faces = await findFaces(analysis);
    const largest = Math.max(0, ...faces.map((f) => f.box.width * f.box.height));
    const found: Region[] = faces.map((face) => {
      const ghost = face.box.width * face.box.height < largest * GHOST_AREA_RATIO;
      let quad = photoQuad(face, page);
      // Where an MRZ fixes the layout, the photo ends where the names begin.
      for (const reading of analysis.mrz) quad = clampToPortraitZone(reading.parsed.format, reading.frame, quad);
      return {
        kind: ghost ? 'ghost_portrait' : 'portrait',
        page: page.index,
        box: quadBounds(quad),
        quad,
        confidence: Math.round(face.score * 100) / 100,
        reason: ghost
          ? `secondary (ghost) portrait: a smaller face, detector score ${face.score.toFixed(2)}; whole photo covered`
          : `face detected (score ${face.score.toFixed(2)}); the whole photo around it is covered`,
        detector: 'portrait',
      };
    });
    analysis.regions.push(...found);

    for (const reading of analysis.mrz) {
      const zone = portraitZone(reading.parsed.format, reading.frame);
      if (!zone) continue;
      const covered = found.some((r) => quadContains(zone.quad, quadCenter(r.quad!)));
      if (covered) continue;
      analysis.regions.push({
        kind: 'portrait',
        page: page.index,
        box: quadBounds(zone.quad),
        quad: zone.quad,
        confidence: 0.4,
        reason: `no face found; the ICAO 9303 layout places the portrait here (${zone.description}), so that zone is covered`,
        detector: 'portrait',
      });
      analysis.warnings.push(
        `page ${page.index + 1}: no face found; the portrait zone of the ${reading.parsed.format} layout was covered — check it`,
      );
    }
  },
};
