/** A PDF transformation matrix [a b c d e f]: x' = a x + c y + e, y' = b x + d y + f. */
export type PdfMatrix = [number, number, number, number, number, number];

export const IDENTITY: PdfMatrix = [1, 0, 0, 1, 0, 0];

/** `m` after `n`: the matrix that applies `n` first, then `m` (a `cm` operator's matrix is `n`, the current one `m`). */
export const multiply = (m: PdfMatrix, n: PdfMatrix): PdfMatrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

export const applyMatrix = (m: PdfMatrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];
