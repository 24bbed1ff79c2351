/** A connected blob of ink in a binary mask, in the mask's pixels. */
export interface Component {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  pixels: number;
  cx: number;
  cy: number;
}

/**
 * 8-connected components of a 0/1 mask (two-pass labelling with union-find),
 * in the order of their first pixel (row by row). Written with flat typed
 * arrays: it runs on every page several times, over millions of pixels.
 */
export function connectedComponents(mask: Uint8Array, width: number, height: number): Component[] {
  const labels = new Int32Array(width * height);
  let parent = new Int32Array(1024);
  let next = 1;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  // Joins two labels' trees under the smaller root; returns that root.
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      parent[rb] = ra;
      return ra;
    }
    parent[ra] = rb;
    return rb;
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (!mask[i]) continue;
      let label = x > 0 ? labels[i - 1]! : 0;
      if (y > 0) {
        const up = i - width;
        const upLeft = x > 0 ? labels[up - 1]! : 0;
        const above = labels[up]!;
        const upRight = x < width - 1 ? labels[up + 1]! : 0;
        if (upLeft) label = label && label !== upLeft ? union(label, upLeft) : upLeft;
        if (above) label = label && label !== above ? union(label, above) : above;
        if (upRight) label = label && label !== upRight ? union(label, upRight) : upRight;
      }
      if (!label) {
        if (next === parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        label = next;
        parent[next] = next++;
      }
      labels[i] = label;
    }
  }
  // Second pass: one slot per root, numbered in order of first appearance.
  const slotOf = new Int32Array(next).fill(-1);
  const boxes: number[] = []; // x0, y0, x1, y1, pixels per slot
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const l = labels[row + x]!;
      if (!l) continue;
      const root = find(l);
      let slot = slotOf[root]!;
      if (slot < 0) {
        slot = slotOf[root] = boxes.length / 5;
        boxes.push(x, y, x, y, 0);
      }
      const b = slot * 5;
      if (x < boxes[b]!) boxes[b] = x;
      if (x > boxes[b + 2]!) boxes[b + 2] = x;
      boxes[b + 3] = y;
      boxes[b + 4]!++;
    }
  }
  const components: Component[] = [];
  for (let b = 0; b < boxes.length; b += 5) {
    const [x0, y0, x1, y1, pixels] = [boxes[b]!, boxes[b + 1]!, boxes[b + 2]!, boxes[b + 3]!, boxes[b + 4]!];
    components.push({ x0, y0, x1, y1, pixels, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2 });
  }
  return components;
}
