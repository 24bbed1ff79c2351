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

/** 8-connected components of a 0/1 mask (two-pass labelling with union-find). */
export function connectedComponents(mask: Uint8Array, width: number, height: number): Component[] {
  const labels = new Int32Array(width * height);
  const parent: number[] = [0];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
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
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      let label = 0;
      const consider = (j: number): void => {
        const l = labels[j]!;
        if (l) label = label ? union(label, l) : l;
      };
      if (x > 0) consider(i - 1);
      if (y > 0) {
        if (x > 0) consider(i - width - 1);
        consider(i - width);
        if (x < width - 1) consider(i - width + 1);
      }
      if (!label) {
        label = parent.length;
        parent.push(label);
      }
      labels[i] = label;
    }
  }
  const byRoot = new Map<number, Component>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const l = labels[y * width + x]!;
      if (!l) continue;
      const root = find(l);
      let c = byRoot.get(root);
      if (!c) {
        c = { x0: x, y0: y, x1: x, y1: y, pixels: 0, cx: 0, cy: 0 };
        byRoot.set(root, c);
      }
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      if (y < c.y0) c.y0 = y;
      if (y > c.y1) c.y1 = y;
      c.pixels++;
    }
  }
  return [...byRoot.values()].map((c) => ({
    ...c,
    cx: (c.x0 + c.x1) / 2,
    cy: (c.y0 + c.y1) / 2,
  }));
}
