import type { Point, Quad } from '../geometry.js';

/**
 * A plane-to-plane projective map (3x3, row-major, last entry 1): how a flat
 * document photographed at an angle relates to the same document seen square on.
 */
export type Homography = readonly [number, number, number, number, number, number, number, number, number];

/** The homography taking each corner of `from` to the matching corner of `to`. */
export function homographyBetween(from: Quad, to: Quad): Homography {
  // Eight equations in the eight unknowns h0..h7 (h8 = 1), two per corner.
  const rows: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i]!;
    const { x: u, y: v } = to[i]!;
    rows.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    rows.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  const h = solve(rows);
  return [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!, 1];
}

export function applyHomography(h: Homography, p: Point): Point {
  const w = h[6] * p.x + h[7] * p.y + h[8];
  return { x: (h[0] * p.x + h[1] * p.y + h[2]) / w, y: (h[3] * p.x + h[4] * p.y + h[5]) / w };
}

export function mapQuad(h: Homography, q: Quad): Quad {
  return q.map((p) => applyHomography(h, p)) as Quad;
}

/** Gaussian elimination with partial pivoting on an augmented n x (n+1) matrix. */
function solve(augmented: number[][]): number[] {
  const m = augmented.map((row) => [...row]);
  const n = m.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) throw new Error('degenerate quadrilateral: no homography');
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
