import {
  axisDistance,
  degreesOf,
  quadBounds,
  quadCenter,
  quadContains,
  type Box,
  type Point,
  type Quad,
} from '../geometry.js';
import { photoAroundFace, type PhotoCover } from '../faces/photoFrame.js';
import { detectFaces, detectionCopy, type FaceDetection } from '../faces/faceDetector.js';
import type { GrayImage } from '../image/gray.js';
import { extractOrientedRect } from '../image/warp.js';
import {
  rotateGray,
  rotatePage,
  rotatePoint,
  turnsToUpright,
  unrotatePoint,
  type QuarterTurns,
} from '../image/rotate.js';
import { portraitZone } from '../layout/icao.js';
import type { Region } from '../regions.js';
import { nearestTextDirection } from './textTilt.js';
import type { Detector, PageAnalysis } from './types.js';

/** A face this much smaller than the main portrait is the faint secondary ("ghost") one. */
const GHOST_AREA_RATIO = 0.5;
const MIN_FACE_SCORE = 0.3;
/** Faces are at most this share of the page's shorter side. */
const MAX_FACE_SHARE = 0.7;
/** An upright face scores this high; sideways and upside-down ones score lower. */
const CONFIDENT_UPRIGHT_SCORE = 0.95;
const PORTRAIT_DETECTOR = 'portrait';
/** A page tilted less than this is measured as it is. */
const MIN_TILT_DEG = 0.5;

interface UprightFace extends FaceDetection {
  turns: QuarterTurns;
  /** What is left of the document's tilt after the quarter turns (degrees, from its MRZ or its text lines: residualTilt). */
  skew: number;
  /** The whole printed photo, in the upright page's pixels (before the document's tilt). */
  photo: PhotoCover;
}

/** The detector's faces with the page turned by `turns` (the model only finds upright faces). */
async function facesAt(
  analysis: PageAnalysis,
  turns: QuarterTurns,
  reduced = detectionCopy(analysis.page),
): Promise<UprightFace[]> {
  const page = analysis.page;
  const { copy, factor } = reduced;
  // A face larger than most of the page is the model seeing one in a pattern.
  const limit = MAX_FACE_SHARE * Math.min(page.width, page.height);
  const faces = (await detectFaces(rotatePage(copy, turns), MIN_FACE_SCORE, factor)).filter(
    (f) => f.box.width <= limit && f.box.height <= limit,
  );
  if (faces.length === 0) return [];
  const skew = residualTilt(analysis, turns);
  const gray = rotateGray(analysis.gray, turns);
  return faces.map((f) => ({
    ...f,
    turns,
    skew,
    photo: photoAroundTiltedFace(gray, f.box, zoneAroundFace(analysis, f.box, turns, skew), skew),
  }));
}

/**
 * What is left of the document's tilt after `turns` quarter turns (degrees,
 * clockwise): from an MRZ read that way up, or else from the page's text lines
 * nearest that direction (a card's front has no MRZ; measured on a generated
 * front tilted by 8 degrees: with no tilt taken out, its photo's borders and
 * the names beside it were looked for along the page's rows and columns, and
 * the cover left a third of the photo visible).
 */
function residualTilt(analysis: PageAnalysis, turns: QuarterTurns): number {
  const reading = analysis.mrz.find((m) => turnsToUpright(m.angle) === turns);
  if (reading) {
    const residual = (((reading.angle - turns * 90) % 360) + 360) % 360;
    return residual > 180 ? residual - 360 : residual;
  }
  return nearestTextDirection(analysis.textDirections, turns * 90) - turns * 90;
}

/**
 * The photo around a face on a page tilted by `skew` degrees (from its MRZ or its text lines),
 * in the frame with the tilt taken out about the face: the face's
 * surroundings are resampled straight first, so that the photo's borders and
 * the lines of text beside it run along rows and columns as the measuring
 * expects (measured: at 5 degrees the names beside a photo went unseen and
 * were covered).
 */
function photoAroundTiltedFace(gray: GrayImage, face: Box, zone: Box | undefined, skew: number): PhotoCover {
  if (Math.abs(skew) < MIN_TILT_DEG) return photoAroundFace(gray, face, zone);
  const centre = { x: face.x + face.width / 2, y: face.y + face.height / 2 };
  // Half the straightened window: as far as the photo and the text beside it are looked for.
  const [halfWidth, halfHeight] = [3.5 * face.width, 3.2 * face.height];
  const a = (skew * Math.PI) / 180;
  const u = { x: Math.cos(a), y: Math.sin(a) };
  const v = { x: -u.y, y: u.x };
  const origin = {
    x: centre.x - u.x * halfWidth - v.x * halfHeight,
    y: centre.y - u.y * halfWidth - v.y * halfHeight,
  };
  const straight = extractOrientedRect(gray, { origin, u, v, length: 2 * halfWidth, thickness: 2 * halfHeight }, 1);
  // The window's pixels are the untilted frame's, shifted.
  const shift = { x: halfWidth - centre.x, y: halfHeight - centre.y };
  const move = (b: Box, by: Point): Box => ({ ...b, x: b.x + by.x, y: b.y + by.y });
  const cover = photoAroundFace(straight, move(face, shift), zone && move(zone, shift));
  const back = { x: -shift.x, y: -shift.y };
  return { main: move(cover.main, back), beside: cover.beside.map((b) => move(b, back)) };
}

/**
 * The ICAO portrait zone that holds a face, where an MRZ read the same way up
 * fixes the layout, in the frame the photo is measured in: the page turned
 * upright and the document's tilt taken out about the face.
 */
function zoneAroundFace(analysis: PageAnalysis, face: Box, turns: QuarterTurns, skew: number): Box | undefined {
  const centre = { x: face.x + face.width / 2, y: face.y + face.height / 2 };
  for (const reading of analysis.mrz) {
    if (turnsToUpright(reading.angle) !== turns) continue;
    const zone = portraitZone(reading.parsed.format, reading.frame);
    if (!zone) continue;
    const box = quadBounds(zone.quad.map((p) => tiltAbout(rotatePoint(p, turns, analysis.page), centre, -skew)));
    const inside =
      centre.x >= box.x && centre.x <= box.x + box.width && centre.y >= box.y && centre.y <= box.y + box.height;
    if (inside) return box;
  }
  return undefined;
}

/** `p` turned by `degrees` (clockwise on the page) about `centre`. */
function tiltAbout(p: Point, centre: Point, degrees: number): Point {
  const a = (degrees * Math.PI) / 180;
  return {
    x: centre.x + (p.x - centre.x) * Math.cos(a) - (p.y - centre.y) * Math.sin(a),
    y: centre.y + (p.x - centre.x) * Math.sin(a) + (p.y - centre.y) * Math.cos(a),
  };
}

/**
 * The quarter turns to look for faces at on a page without an MRZ, in rounds.
 * Text lines, when the page has some, give the first round two turns (they run
 * one way or the other); a second round of the other two follows where a
 * second text direction across the first was seen: glyphs of a fixed-pitch
 * font stand in rows across stacked lines too, and on a card front turned a
 * quarter those rows had outnumbered the lines (measured: its photo was looked
 * for only sideways, found at 0.72 and covered across the names).
 */
function turnsToTry(directions: readonly number[]): QuarterTurns[][] {
  if (directions.length === 0) return [[0, 1, 3, 2]];
  const both = (degrees: number): QuarterTurns[] => [
    turnsToUpright(degrees),
    ((turnsToUpright(degrees) + 2) % 4) as QuarterTurns,
  ];
  const first = directions[0]!;
  const across = directions.find((d) => axisDistance(d, first) >= 45);
  return across === undefined ? [both(first)] : [both(first), both(across)];
}

/** Runs the face detector with the page turned upright: the model only finds upright faces. */
async function findFaces(analysis: PageAnalysis): Promise<UprightFace[]> {
  const fromMrz = analysis.mrz.map((m) => turnsToUpright(m.angle));
  // Reduced once, then turned: turning the small copy is cheap, turning the page is not.
  const reduced = detectionCopy(analysis.page);
  // The MRZ says which way is up.
  for (const turns of new Set(fromMrz)) {
    const faces = await facesAt(analysis, turns, reduced);
    if (faces.length > 0) return faces;
  }
  if (fromMrz.length > 0) return [];
  // Without one, the turn where the face looks most like a face wins: the model also
  // finds sideways and upside-down faces, with lower scores.
  let best: UprightFace[] = [];
  for (const round of turnsToTry(analysis.textDirections ?? [])) {
    // A face boxed upright in one round ends the search (a second round costs 0.2-0.5 s).
    if (best[0] && uprightShaped(best[0])) break;
    for (const turns of round) {
      const faces = await facesAt(analysis, turns, reduced);
      if (faces.length > 0 && (best.length === 0 || moreUpright(faces[0]!, best[0]!))) best = faces;
      if (best[0] && best[0].score >= CONFIDENT_UPRIGHT_SCORE && uprightShaped(best[0])) break;
    }
  }
  return best;
}

/**
 * The model boxes an upright face taller than wide, and a face it sees
 * sideways wider than tall, sometimes with as high a score (measured on a
 * blurred card photo: 0.81 sideways, 235 x 133 px, against 0.80 upright,
 * 107 x 162 px).
 */
function uprightShaped(face: FaceDetection): boolean {
  return face.box.height >= face.box.width;
}

/** Whether `a` is the likelier upright face: the upright shape first, then the score. */
function moreUpright(a: FaceDetection, b: FaceDetection): boolean {
  if (uprightShaped(a) !== uprightShaped(b)) return uprightShaped(a);
  return a.score > b.score;
}

/** A part of the printed photo around a face, as a quad on the original page. */
function photoQuad(part: Box, face: UprightFace, page: { width: number; height: number }): Quad {
  const { x: left, y: top, width, height } = part;
  const [right, bottom] = [left + width, top + height];
  const upright: Point[] = [
    { x: left, y: top },
    { x: right, y: top },
    { x: right, y: bottom },
    { x: left, y: bottom },
  ];
  // A tilted document has a tilted photo: turn the box with it, about the face.
  const c = { x: face.box.x + face.box.width / 2, y: face.box.y + face.box.height / 2 };
  return upright.map((p) => unrotatePoint(tiltAbout(p, c, face.skew), face.turns, page)) as Quad;
}

/**
 * Cover regions for faces found at one turn: each widened to its whole photo
 * (one region, or more where the photo reaches past text printed beside it).
 */
function faceRegions(analysis: PageAnalysis, faces: readonly UprightFace[]): Region[] {
  const page = analysis.page;
  // The largest face is the main portrait; much smaller ones are ghosts (a ghost may score higher:
  // measured on a generated passport page whose faint copy of the photo scored 0.87, the photo 0.46).
  const main = Math.max(0, ...faces.map((f) => f.box.width * f.box.height));
  return faces.flatMap((face) => {
    const ghost = face.box.width * face.box.height < main * GHOST_AREA_RATIO;
    const kind = ghost ? 'ghost_portrait' : 'portrait';
    const confidence = Math.round(face.score * 100) / 100;
    const score = face.score.toFixed(2);
    const region = (part: Box, reason: string): Region => {
      const quad = photoQuad(part, face, page);
      return { kind, page: page.index, box: quadBounds(quad), quad, confidence, reason, detector: PORTRAIT_DETECTOR };
    };
    return [
      region(
        face.photo.main,
        ghost
          ? `secondary (ghost) portrait: a smaller face, detector score ${score}; whole photo covered`
          : `face detected (score ${score}); the whole photo around it is covered`,
      ),
      ...face.photo.beside.map((part) =>
        region(
          part,
          `the part of the ${ghost ? 'ghost ' : ''}photo (face score ${score}) beside the text printed next to it`,
        ),
      ),
    ];
  });
}

/**
 * Covers the portrait and any ghost portrait: faces found by the detector,
 * widened to the whole photo; where an MRZ fixes the document's frame and no
 * face was found in the ICAO portrait zone, that zone is covered instead.
 */
export const portraitDetector: Detector = {
  name: PORTRAIT_DETECTOR,
  async detect(analysis) {
    const page = analysis.page;
    const faces = await findFaces(analysis);
    if (faces[0]) analysis.uprightTurns = faces[0].turns;
    const found = faceRegions(analysis, faces);
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
        detector: PORTRAIT_DETECTOR,
      });
      analysis.warnings.push(
        `page ${page.index + 1}: no face found; the portrait zone of the ${reading.parsed.format} layout was covered — check it`,
      );
    }
  },
};

/**
 * The confidence of a face-like pattern that the model saw only with the page
 * upside down to its text. A printed portrait stands the way its page's text
 * reads, so this is most likely lettering or a pattern: still covered (a cover
 * too many costs little), but `verify` does not call it a visible face.
 */
export const UPSIDE_DOWN_FACE_CONFIDENCE = 0.2;

/**
 * Without an MRZ, the portrait detector decides which way is up by the face
 * that scores best, before the text is read; the text reader then reads the
 * page the other way up when it reads badly. Where the text reads upright the
 * other way round from the faces and no face was sure of itself, faces are
 * looked for again with the page turned the text's way, and the upside-down
 * ones keep their covers with a low confidence. (Measured: `verify` on the
 * German specimen's copy, MRZ and portrait covered, saw a face, score 0.53, in
 * the upside-down letters "PEC" of SPECIMEN.)
 */
export const portraitTurnCheck: Detector = {
  name: 'portrait-turn-check',
  async detect(analysis) {
    const faceTurns = analysis.uprightTurns;
    const frame = analysis.textFrame;
    if (analysis.mrz.length > 0 || faceTurns === undefined || !frame) return;
    const textTurns = turnsToUpright(degreesOf(frame.u));
    if (textTurns !== (faceTurns + 2) % 4) return;
    const upsideDown = analysis.regions.filter((r) => r.detector === PORTRAIT_DETECTOR);
    if (upsideDown.some((r) => r.confidence >= CONFIDENT_UPRIGHT_SCORE)) return;
    for (const region of upsideDown) {
      region.reason =
        `a face-like pattern (detector score ${region.confidence.toFixed(2)}) seen only with the page ` +
        `upside down to its text, most likely lettering; covered in case`;
      region.confidence = UPSIDE_DOWN_FACE_CONFIDENCE;
    }
    const upright = faceRegions(analysis, await facesAt(analysis, textTurns));
    if (upright.length > 0) analysis.uprightTurns = textTurns;
    // The model may see a real face both ways up (an upside-down one sometimes scoring higher):
    // where it is seen the text's way up too, that cover replaces the doubtful one.
    const seenUpright = (r: Region): boolean => upright.some((u) => quadContains(u.quad!, quadCenter(r.quad!)));
    analysis.regions = analysis.regions.filter((r) => !(upsideDown.includes(r) && seenUpright(r)));
    analysis.regions.push(...upright);
  },
};
