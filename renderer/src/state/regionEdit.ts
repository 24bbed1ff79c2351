import { boxToQuad, quadBounds, type Box, type Point, type Quad } from '../../../shared/geometry.js';
import type { Region } from '../../../shared/regions.js';

/** A cover in the editor: a region plus an id that stays put while it is moved or resized. */
export interface EditableRegion extends Region {
  id: string;
  quad: Quad;
}

let nextId = 0;
export const newRegionId = (): string => `r${++nextId}`;

export function editable(regions: readonly Region[]): EditableRegion[] {
  return regions.map((r) => ({ ...r, id: newRegionId(), quad: r.quad ?? boxToQuad(r.box) }));
}

/** Back to plain regions for the engine. */
export function plain(regions: readonly EditableRegion[]): Region[] {
  return regions.map(({ id: _id, ...r }) => ({ ...r, box: quadBounds(r.quad) }));
}

export function moveRegion(region: EditableRegion, dx: number, dy: number): EditableRegion {
  const quad = region.quad.map((p) => ({ x: p.x + dx, y: p.y + dy })) as Quad;
  return { ...region, quad, box: quadBounds(quad) };
}

/** Stretches the cover so that its bounding box becomes `to` (rotated covers keep their shape). */
export function resizeRegion(region: EditableRegion, to: Box): EditableRegion {
  const from = quadBounds(region.quad);
  const sx = from.width > 0 ? to.width / from.width : 1;
  const sy = from.height > 0 ? to.height / from.height : 1;
  const quad = region.quad.map((p) => ({ x: to.x + (p.x - from.x) * sx, y: to.y + (p.y - from.y) * sy })) as Quad;
  return { ...region, quad, box: quadBounds(quad) };
}

/** The box between two corners, whichever way it was dragged. */
export function boxBetween(a: Point, b: Point): Box {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

/** A box the person drew. */
export function drawnRegion(page: number, box: Box): EditableRegion {
  return {
    id: newRegionId(),
    kind: 'manual',
    page,
    box,
    quad: boxToQuad(box),
    confidence: 1,
    reason: 'drawn by hand',
    detector: 'user',
  };
}

export type Corner = 'nw' | 'ne' | 'se' | 'sw';

/** The bounding box after dragging one of its corners to `to`. */
export function dragCorner(box: Box, corner: Corner, to: Point): Box {
  const left = corner === 'nw' || corner === 'sw' ? to.x : box.x;
  const right = corner === 'ne' || corner === 'se' ? to.x : box.x + box.width;
  const top = corner === 'nw' || corner === 'ne' ? to.y : box.y;
  const bottom = corner === 'sw' || corner === 'se' ? to.y : box.y + box.height;
  return boxBetween({ x: left, y: top }, { x: right, y: bottom });
}
