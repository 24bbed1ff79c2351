import type { Box, OrientedRect, Point, Quad } from '../geometry.js';

/**
 * The frame the visual zone is read in: the page turned so that its text runs
 * left to right, by the MRZ's exact angle (quarter turns and skew alike). A
 * point (a, b) of the frame is `origin + a u + b v` on the page; units are page pixels.
 */
export interface TextFrame {
  origin: Point;
  u: Point;
  v: Point;
}

export function framePoint(frame: TextFrame, p: Point): Point {
  return {
    x: frame.origin.x + frame.u.x * p.x + frame.v.x * p.y,
    y: frame.origin.y + frame.u.y * p.x + frame.v.y * p.y,
  };
}

/** A page point in the frame: the inverse of framePoint (u and v are unit vectors at right angles). */
export function pointInFrame(frame: TextFrame, p: Point): Point {
  const dx = p.x - frame.origin.x;
  const dy = p.y - frame.origin.y;
  return { x: dx * frame.u.x + dy * frame.u.y, y: dx * frame.v.x + dy * frame.v.y };
}

/** The page's rectangle seen in a frame whose x axis runs at `angle` degrees (clockwise from the page's x). */
export function pageInFrame(page: { width: number; height: number }, angle: number): OrientedRect {
  const r = (angle * Math.PI) / 180;
  const u = { x: Math.cos(r), y: Math.sin(r) };
  const v = { x: -u.y, y: u.x };
  const corners = [
    { x: 0, y: 0 },
    { x: page.width, y: 0 },
    { x: page.width, y: page.height },
    { x: 0, y: page.height },
  ];
  const a = corners.map((p) => p.x * u.x + p.y * u.y);
  const b = corners.map((p) => p.x * v.x + p.y * v.y);
  const [a0, b0] = [Math.min(...a), Math.min(...b)];
  return {
    origin: { x: u.x * a0 + v.x * b0, y: u.y * a0 + v.y * b0 },
    u,
    v,
    length: Math.max(...a) - a0,
    thickness: Math.max(...b) - b0,
  };
}

/** A box of the text frame as the quad it covers on the page. */
export function frameQuad(frame: TextFrame, box: Box): Quad {
  const { x, y, width: w, height: h } = box;
  return [
    framePoint(frame, { x, y }),
    framePoint(frame, { x: x + w, y }),
    framePoint(frame, { x: x + w, y: y + h }),
    framePoint(frame, { x, y: y + h }),
  ];
}

/** A printed word of the visual zone. */
export interface VizWord {
  text: string;
  /** Where it is in the text frame it was read in (upright, left to right). */
  upright: Box;
  /** Where it is on the page. */
  quad: Quad;
  box: Box;
  /** Words of one printed line share this number. */
  line: number;
  confidence: number;
  /** How a word that no read of the whole page found was read, for the region's reason. */
  foundBy?: string;
}
