import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { quadBounds, type Point } from '../../../shared/geometry.js';
import type { ReviewPage } from '../../../shared/review.js';
import { useT, type StringKey } from '../i18n.js';
import {
  boxBetween,
  dragCorner,
  moveRegion,
  resizeRegion,
  type Corner,
  type EditableRegion,
} from '../state/regionEdit.js';

export type Tool = 'select' | 'draw';

interface Props {
  page: ReviewPage;
  regions: EditableRegion[];
  selectedId: string | undefined;
  tool: Tool;
  showOriginal: boolean;
  zoom: number;
  watermark: string | undefined;
  onSelect(id: string | undefined): void;
  /** One finished edit (a drag, a key press): becomes one undo step. */
  onEdit(region: EditableRegion): void;
  onDraw(box: { x: number; y: number; width: number; height: number }): void;
}

type Gesture =
  | { type: 'move'; id: string; from: Point; region: EditableRegion }
  | { type: 'resize'; id: string; corner: Corner; region: EditableRegion }
  | { type: 'draw'; from: Point; to: Point };

export const kindLabel = (kind: string): StringKey => `kind_${kind}` as StringKey;

/**
 * One page with its covers drawn over it, in page pixels (an SVG whose
 * viewBox is the page): select, move, resize with the corner handles, draw new
 * boxes, and the keyboard (arrows move, Shift+arrows resize, Delete removes).
 */
export function PageView(props: Props) {
  const { page, regions, selectedId, tool, showOriginal, zoom } = props;
  const t = useT();
  const svg = useRef<SVGSVGElement>(null);
  const [gesture, setGesture] = useState<Gesture>();
  const [preview, setPreview] = useState<EditableRegion>();

  const toPage = (event: PointerEvent): Point => {
    const matrix = svg.current?.getScreenCTM();
    if (!matrix) return { x: 0, y: 0 };
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: Math.max(0, Math.min(page.width, p.x)), y: Math.max(0, Math.min(page.height, p.y)) };
  };

  const down = (event: PointerEvent<SVGSVGElement>): void => {
    const at = toPage(event);
    const target = event.target as Element;
    const regionId = target.closest('[data-region-id]')?.getAttribute('data-region-id') ?? undefined;
    const corner = target.getAttribute('data-corner') as Corner | null;
    svg.current?.setPointerCapture?.(event.pointerId);
    if (tool === 'draw') {
      setGesture({ type: 'draw', from: at, to: at });
      return;
    }
    const region = regions.find((r) => r.id === regionId);
    props.onSelect(region?.id);
    if (region && corner) setGesture({ type: 'resize', id: region.id, corner, region });
    else if (region) setGesture({ type: 'move', id: region.id, from: at, region });
  };

  /** Where the gesture leads when the pointer is at `at` (the pointer-up position counts too). */
  const followed = (g: Gesture, at: Point): { gesture: Gesture; region?: EditableRegion } => {
    if (g.type === 'draw') return { gesture: { ...g, to: at } };
    if (g.type === 'move') return { gesture: g, region: moveRegion(g.region, at.x - g.from.x, at.y - g.from.y) };
    return { gesture: g, region: resizeRegion(g.region, dragCorner(quadBounds(g.region.quad), g.corner, at)) };
  };

  const move = (event: PointerEvent<SVGSVGElement>): void => {
    if (!gesture) return;
    const next = followed(gesture, toPage(event));
    setGesture(next.gesture);
    setPreview(next.region);
  };

  const up = (event: PointerEvent<SVGSVGElement>): void => {
    if (gesture) {
      const next = followed(gesture, toPage(event));
      if (next.gesture.type === 'draw') {
        const box = boxBetween(next.gesture.from, next.gesture.to);
        if (box.width > 3 && box.height > 3) props.onDraw(box);
      } else if (next.region) props.onEdit(next.region);
    }
    setGesture(undefined);
    setPreview(undefined);
  };

  const keyOnRegion = (event: KeyboardEvent, region: EditableRegion): void => {
    const step = Math.max(1, Math.round(Math.min(page.width, page.height) / 200)) * (event.altKey ? 5 : 1);
    const arrows: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const delta = arrows[event.key];
    if (!delta) return;
    event.preventDefault();
    if (event.shiftKey) {
      const box = quadBounds(region.quad);
      props.onEdit(
        resizeRegion(region, {
          ...box,
          width: Math.max(4, box.width + delta[0]),
          height: Math.max(4, box.height + delta[1]),
        }),
      );
    } else props.onEdit(moveRegion(region, delta[0], delta[1]));
  };

  const shown = regions.map((r) => (preview && r.id === preview.id ? preview : r));
  const handle = Math.max(6, Math.min(page.width, page.height) / 90);
  const drawBox = gesture?.type === 'draw' ? boxBetween(gesture.from, gesture.to) : undefined;
  const fontSize = Math.max(12, Math.min(page.width, page.height) / 40);

  return (
    <div className="page-scroll" data-tool={tool}>
      <svg
        ref={svg}
        className="page"
        viewBox={`0 0 ${page.width} ${page.height}`}
        style={{ width: `${zoom * 100}%`, aspectRatio: `${page.width} / ${page.height}` }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        role="group"
        aria-label={t('page', { n: page.page + 1 })}
        data-testid="page-view"
      >
        <image href={page.preview} x={0} y={0} width={page.width} height={page.height} preserveAspectRatio="none" />
        {!showOriginal && props.watermark && (
          <WatermarkPreview text={props.watermark} width={page.width} height={page.height} />
        )}
        {shown.map((region) => {
          const selected = region.id === selectedId;
          const box = quadBounds(region.quad);
          const label = t(kindLabel(region.kind));
          return (
            <g
              key={region.id}
              data-region-id={region.id}
              data-kind={region.kind}
              className={`region${selected ? ' selected' : ''}`}
              tabIndex={0}
              role="button"
              aria-pressed={selected}
              aria-label={`${label}: ${region.reason} (${t('confidence', { value: Math.round(region.confidence * 100) })})`}
              onFocus={() => props.onSelect(region.id)}
              onKeyDown={(e) => keyOnRegion(e, region)}
            >
              <title>{`${label} — ${region.reason} — ${t('confidence', { value: Math.round(region.confidence * 100) })}`}</title>
              <polygon
                points={region.quad.map((p) => `${p.x},${p.y}`).join(' ')}
                className={showOriginal ? 'cover-outline' : 'cover-fill'}
              />
              <text x={box.x + 4} y={Math.max(fontSize, box.y - 4)} fontSize={fontSize} className="region-label">
                {label}
              </text>
              {selected &&
                (['nw', 'ne', 'se', 'sw'] as Corner[]).map((corner) => {
                  const x = corner === 'nw' || corner === 'sw' ? box.x : box.x + box.width;
                  const y = corner === 'nw' || corner === 'ne' ? box.y : box.y + box.height;
                  return (
                    <rect
                      key={corner}
                      data-corner={corner}
                      className="handle"
                      x={x - handle / 2}
                      y={y - handle / 2}
                      width={handle}
                      height={handle}
                    />
                  );
                })}
            </g>
          );
        })}
        {drawBox && (
          <rect className="drawing" x={drawBox.x} y={drawBox.y} width={drawBox.width} height={drawBox.height} />
        )}
      </svg>
    </div>
  );
}

/** The watermark as it will be burnt in: repeated diagonally, translucent. */
function WatermarkPreview({ text, width, height }: { text: string; width: number; height: number }) {
  const size = Math.max(14, Math.round(Math.min(width, height) / 20));
  const rows: number[] = [];
  const reach = Math.hypot(width, height);
  for (let y = -reach / 2; y < reach / 2; y += size * 3.2) rows.push(y);
  return (
    <g
      transform={`translate(${width / 2} ${height / 2}) rotate(-30)`}
      className="watermark-preview"
      fontSize={size}
      aria-hidden="true"
    >
      {rows.map((y, i) => (
        <text key={y} x={-reach / 2 - (i % 2) * size * 4} y={y}>
          {`${text}     `.repeat(Math.ceil(reach / (size * 0.6 * (text.length + 5))) + 1)}
        </text>
      ))}
    </g>
  );
}
