import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectedComponents } from '../shared/image/components.js';
import {
  adaptiveInkMask,
  colourFadedGray,
  darkestChannelGray,
  downscaleGray,
  minDownscaleGray,
  rgbToGray,
  rgbToGrayDownscaled,
  stretchContrast,
  type GrayImage,
} from '../shared/image/gray.js';
import { extractOrientedRect, warpRgb } from '../shared/image/warp.js';
import type { Homography } from '../shared/image/homography.js';
import { shrinkRgb } from '../shared/layout/documentOutline.js';
import { keepDarkestInk, keepDarkestInkBeforeGap } from '../shared/image/darkInk.js';
import { rotateGray, rotatePage, rotatePoint, unrotatePoint, type QuarterTurns } from '../shared/image/rotate.js';
import { detectionCopy } from '../shared/faces/faceDetector.js';
import { convexSpanAt, orientedRectQuad, quadContains } from '../shared/geometry.js';
import { samplePoints } from './helpers/pixels.js';

// The image primitives are written for speed (flat typed arrays, hoisted bounds). Each is
// checked here against the plainest statement of what it computes, on random images.

const grayImage = (maxSide: number): fc.Arbitrary<GrayImage> =>
  fc
    .record({ width: fc.integer({ min: 1, max: maxSide }), height: fc.integer({ min: 1, max: maxSide }) })
    .chain(({ width, height }) =>
      fc.uint8Array({ minLength: width * height, maxLength: width * height }).map((data) => ({ width, height, data })),
    );

const pixel = (g: GrayImage, x: number, y: number): number => g.data[y * g.width + x]!;

/** An RGB image of random pixels, `maxSide` at most each way. */
const rgbImage = (maxSide: number): fc.Arbitrary<{ width: number; height: number; rgb: Uint8Array }> =>
  fc
    .record({ width: fc.integer({ min: 1, max: maxSide }), height: fc.integer({ min: 1, max: maxSide }) })
    .chain(({ width, height }) =>
      fc
        .uint8Array({ minLength: width * height * 3, maxLength: width * height * 3 })
        .map((rgb) => ({ width, height, rgb })),
    );

/**
 * Bilinear sample of channel `c` of `channels`-channel pixels at (x, y) in pixel
 * centres' coordinates, rounded; undefined where the 2x2 neighbourhood leaves the image.
 */
function referenceBilinear(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
  c: number,
  x: number,
  y: number,
): number | undefined {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) return undefined;
  const at = (xx: number, yy: number): number => data[(yy * width + xx) * channels + c]!;
  const [fx, fy] = [x - x0, y - y0];
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return Math.round(top * (1 - fy) + bottom * fy);
}

function referenceInkMask(g: GrayImage, radius: number, offset: number): Uint8Array {
  const mask = new Uint8Array(g.width * g.height);
  for (let y = 0; y < g.height; y++)
    for (let x = 0; x < g.width; x++) {
      let sum = 0;
      let n = 0;
      for (let yy = Math.max(0, y - radius); yy <= Math.min(g.height - 1, y + radius); yy++)
        for (let xx = Math.max(0, x - radius); xx <= Math.min(g.width - 1, x + radius); xx++) {
          sum += pixel(g, xx, yy);
          n++;
        }
      // Exact form of "darker than the local mean by more than offset".
      if ((pixel(g, x, y) + offset) * n < sum) mask[y * g.width + x] = 1;
    }
  return mask;
}

/** Components by flood fill: each as the set of its pixel indices. */
function referenceComponents(mask: Uint8Array, width: number, height: number): number[][] {
  const seen = new Uint8Array(mask.length);
  const out: number[][] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    const members: number[] = [];
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      members.push(i);
      const [x, y] = [i % width, Math.floor(i / width)];
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const [nx, ny] = [x + dx, y + dy];
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          if (mask[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
    }
    out.push(members);
  }
  return out;
}

describe('image primitives agree with their plain definitions', () => {
  it('adaptiveInkMask marks exactly the pixels darker than their window mean by more than the offset', () => {
    fc.assert(
      fc.property(grayImage(40), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 40 }), (g, r, o) => {
        expect(adaptiveInkMask(g, r, o)).toEqual(referenceInkMask(g, r, o));
      }),
      { numRuns: 60 },
    );
  });

  it('connectedComponents finds the 8-connected blobs, with their boxes and pixel counts', () => {
    const maskArb = fc
      .record({ width: fc.integer({ min: 1, max: 40 }), height: fc.integer({ min: 1, max: 40 }) })
      .chain(({ width, height }) =>
        fc
          .array(fc.boolean(), { minLength: width * height, maxLength: width * height })
          .map((bits) => ({ width, height, mask: Uint8Array.from(bits, (b) => (b ? 1 : 0)) })),
      );
    fc.assert(
      fc.property(maskArb, ({ width, height, mask }) => {
        const found = connectedComponents(mask, width, height);
        const expected = referenceComponents(mask, width, height).map((members) => {
          const xs = members.map((i) => i % width);
          const ys = members.map((i) => Math.floor(i / width));
          const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
          return { x0, y0, x1, y1, pixels: members.length, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2 };
        });
        // Both list blobs in order of their first pixel (row by row).
        expect(found).toEqual(expected);
      }),
      { numRuns: 80 },
    );
  });

  it('downscaleGray averages each block; minDownscaleGray keeps its darkest pixel', () => {
    fc.assert(
      fc.property(grayImage(30), fc.integer({ min: 2, max: 5 }), (g, f) => {
        const mean = downscaleGray(g, f);
        expect([mean.width, mean.height]).toEqual([Math.floor(g.width / f), Math.floor(g.height / f)]);
        const darkest = minDownscaleGray(g, f);
        expect([darkest.width, darkest.height]).toEqual([Math.ceil(g.width / f), Math.ceil(g.height / f)]);
        for (let y = 0; y < darkest.height; y++)
          for (let x = 0; x < darkest.width; x++) {
            const block: number[] = [];
            for (let yy = y * f; yy < Math.min(g.height, (y + 1) * f); yy++)
              for (let xx = x * f; xx < Math.min(g.width, (x + 1) * f); xx++) block.push(pixel(g, xx, yy));
            expect(pixel(darkest, x, y)).toBe(Math.min(...block));
            if (x < mean.width && y < mean.height)
              expect(pixel(mean, x, y)).toBe(Math.round(block.reduce((a, b) => a + b, 0) / (f * f)));
          }
      }),
      { numRuns: 60 },
    );
  });

  it("a convex quad's row spans (convexSpanAt) hold the pixel centres quadContains holds", () => {
    const quad = fc
      .record({
        cx: fc.double({ min: 5, max: 35, noNaN: true }),
        cy: fc.double({ min: 5, max: 35, noNaN: true }),
        w: fc.double({ min: 0.5, max: 30, noNaN: true }),
        h: fc.double({ min: 0.5, max: 30, noNaN: true }),
        angle: fc.double({ min: 0, max: Math.PI, noNaN: true }),
      })
      .map(({ cx, cy, w, h, angle }) => {
        const u = { x: Math.cos(angle), y: Math.sin(angle) };
        const v = { x: -u.y, y: u.x };
        const origin = { x: cx - (u.x * w + v.x * h) / 2, y: cy - (u.y * w + v.y * h) / 2 };
        return orientedRectQuad({ origin, u, v, length: w, thickness: h });
      });
    fc.assert(
      fc.property(quad, (q) => {
        for (let y = 0; y < 40; y++) {
          const span = convexSpanAt(q, y + 0.5);
          for (let x = 0; x < 40; x++) {
            const inSpan = span !== undefined && x + 0.5 >= span[0] && x + 0.5 <= span[1];
            expect(inSpan).toBe(quadContains(q, { x: x + 0.5, y: y + 0.5 }));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rgbToGrayDownscaled is downscaleGray of rgbToGray, to the bit', () => {
    const rgbImage = fc
      .record({ width: fc.integer({ min: 1, max: 30 }), height: fc.integer({ min: 1, max: 30 }) })
      .chain(({ width, height }) =>
        fc
          .uint8Array({ minLength: width * height * 3, maxLength: width * height * 3 })
          .map((rgb) => ({ width, height, rgb })),
      );
    fc.assert(
      fc.property(rgbImage, fc.integer({ min: 1, max: 5 }), ({ width, height, rgb }, f) => {
        expect(rgbToGrayDownscaled(rgb, width, height, f)).toEqual(downscaleGray(rgbToGray(rgb, width, height), f));
      }),
      { numRuns: 80 },
    );
  });

  it('quarter turns move every pixel where unrotatePoint says it came from, for grey and RGB alike', () => {
    fc.assert(
      fc.property(grayImage(20), fc.constantFrom<QuarterTurns>(0, 1, 2, 3), (g, turns) => {
        const turned = rotateGray(g, turns);
        const rgb = Buffer.from(Array.from(g.data).flatMap((v) => [v, 255 - v, v >> 1]));
        const page = rotatePage({ index: 0, width: g.width, height: g.height, rgb }, turns);
        expect([page.width, page.height]).toEqual([turned.width, turned.height]);
        for (let y = 0; y < turned.height; y++)
          for (let x = 0; x < turned.width; x++) {
            // Pixel centres: unrotatePoint maps continuous coordinates.
            const from = unrotatePoint({ x: x + 0.5, y: y + 0.5 }, turns, g);
            const v = pixel(g, Math.floor(from.x), Math.floor(from.y));
            expect(pixel(turned, x, y)).toBe(v);
            expect([...page.rgb.subarray((y * page.width + x) * 3, (y * page.width + x) * 3 + 3)]).toEqual([
              v,
              255 - v,
              v >> 1,
            ]);
          }
      }),
      { numRuns: 60 },
    );
  });

  it('rotatePoint takes a point of the page to where the turn puts it, the inverse of unrotatePoint', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.constantFrom<QuarterTurns>(0, 1, 2, 3),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (width, height, turns, fx, fy) => {
          const page = { width, height };
          const p = { x: fx * width, y: fy * height };
          const back = unrotatePoint(rotatePoint(p, turns, page), turns, page);
          expect(back.x).toBeCloseTo(p.x, 6);
          expect(back.y).toBeCloseTo(p.y, 6);
        },
      ),
    );
  });

  it('extractOrientedRect samples the rectangle bilinearly, white outside the image', () => {
    const rect = fc.record({
      x: fc.double({ min: -10, max: 40, noNaN: true }),
      y: fc.double({ min: -10, max: 40, noNaN: true }),
      angle: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
      length: fc.double({ min: 0.5, max: 30, noNaN: true }),
      thickness: fc.double({ min: 0.5, max: 20, noNaN: true }),
      scale: fc.double({ min: 0.25, max: 3, noNaN: true }),
    });
    fc.assert(
      fc.property(grayImage(30), rect, (g, r) => {
        const u = { x: Math.cos(r.angle), y: Math.sin(r.angle) };
        const oriented = {
          origin: { x: r.x, y: r.y },
          u,
          v: { x: -u.y, y: u.x },
          length: r.length,
          thickness: r.thickness,
        };
        const out = extractOrientedRect(g, oriented, r.scale);
        const expected = new Uint8Array(out.width * out.height);
        for (let oy = 0; oy < out.height; oy++)
          for (let ox = 0; ox < out.width; ox++) {
            const [a, b] = [(ox + 0.5) / r.scale, (oy + 0.5) / r.scale];
            const x = r.x + u.x * a - u.y * b - 0.5;
            const y = r.y + u.y * a + u.x * b - 0.5;
            expected[oy * out.width + ox] = referenceBilinear(g.data, g.width, g.height, 1, 0, x, y) ?? 255;
          }
        expect(out.width).toBe(Math.max(1, Math.round(r.length * r.scale)));
        expect(out.data).toEqual(expected);
      }),
      { numRuns: 80 },
    );
  });

  it('warpRgb takes each output pixel from where the homography sends it, bilinearly, white outside', () => {
    const matrix = fc.tuple(
      fc.double({ min: 0.5, max: 1.5, noNaN: true }),
      fc.double({ min: -0.3, max: 0.3, noNaN: true }),
      fc.double({ min: -8, max: 8, noNaN: true }),
      fc.double({ min: -0.3, max: 0.3, noNaN: true }),
      fc.double({ min: 0.5, max: 1.5, noNaN: true }),
      fc.double({ min: -8, max: 8, noNaN: true }),
      fc.double({ min: -0.01, max: 0.01, noNaN: true }),
      fc.double({ min: -0.01, max: 0.01, noNaN: true }),
    );
    fc.assert(
      fc.property(
        rgbImage(24),
        matrix,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (img, m, w, h) => {
          const toSource: Homography = [...m, 1];
          const out = warpRgb(img, toSource, w, h);
          const expected = Buffer.alloc(w * h * 3, 255);
          for (let oy = 0; oy < h; oy++)
            for (let ox = 0; ox < w; ox++) {
              const [px, py] = [ox + 0.5, oy + 0.5];
              const d = m[6] * px + m[7] * py + 1;
              const x = (m[0] * px + m[1] * py + m[2]) / d - 0.5;
              const y = (m[3] * px + m[4] * py + m[5]) / d - 0.5;
              for (let c = 0; c < 3; c++) {
                const v = referenceBilinear(img.rgb, img.width, img.height, 3, c, x, y);
                if (v !== undefined) expected[(oy * w + ox) * 3 + c] = v;
              }
            }
          expect(out).toEqual(expected);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('stretchContrast maps the clipped darkest and lightest values to black and white, linearly between', () => {
    fc.assert(
      fc.property(grayImage(40), fc.double({ min: 0, max: 0.2, noNaN: true }), (g, clip) => {
        const sorted = [...g.data].sort((a, b) => a - b);
        const cut = g.data.length * clip;
        // low: the smallest value v with more than `cut` pixels at or below it; high likewise from the top.
        let low = 0;
        while (low < 255 && sorted.filter((v) => v <= low).length <= cut) low++;
        let high = 255;
        while (high > 0 && sorted.filter((v) => v >= high).length <= cut) high--;
        const out = stretchContrast(g, clip);
        if (high - low < 16) {
          // Too narrow a range to stretch: the image itself comes back. (Not `return expect(...)`: the
          // property would take the assertion's return value for its verdict, and a 1-pixel image failed.)
          expect(out).toBe(g);
          return;
        }
        const expected = [...g.data].map((v) =>
          Math.max(0, Math.min(255, Math.round((v - low) * (255 / (high - low))))),
        );
        expect([...out.data]).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('shrinkRgb averages each k x k block of the page, k the least that brings it within 640 pixels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 641, max: 1500 }),
        fc.integer({ min: 3, max: 700 }),
        fc.boolean(),
        (long, short, wide) => {
          const [width, height] = wide ? [long, short] : [short, long];
          const rgb = Buffer.alloc(width * height * 3);
          for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 7919 + long) % 251;
          const small = shrinkRgb({ index: 0, width, height, rgb });
          const k = Math.ceil(long / 640);
          expect([small.factor, small.width, small.height]).toEqual([k, Math.floor(width / k), Math.floor(height / k)]);
          for (const [x, y] of [
            [0, 0],
            [small.width - 1, small.height - 1],
            [Math.floor(small.width / 2), Math.floor(small.height / 3)],
          ] as const)
            for (let c = 0; c < 3; c++) {
              let sum = 0;
              for (let dy = 0; dy < k; dy++)
                for (let dx = 0; dx < k; dx++) sum += rgb[((y * k + dy) * width + x * k + dx) * 3 + c]!;
              expect(small.rgb[(y * small.width + x) * 3 + c]).toBe(Math.fround(sum / (k * k)));
            }
        },
      ),
      { numRuns: 20 },
    );
  });

  it("detectionCopy averages each copy pixel's source area", () => {
    const width = 1300;
    const height = 700;
    const rgb = Buffer.alloc(width * height * 3);
    for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 7919) % 251;
    const { copy, factor } = detectionCopy({ index: 0, width, height, rgb });
    expect(factor).toBeCloseTo(1300 / 512);
    expect([copy.width, copy.height]).toEqual([Math.floor(width / factor), Math.floor(height / factor)]);
    for (const [cx, cy] of [
      [0, 0],
      [100, 50],
      [copy.width - 1, copy.height - 1],
    ] as const) {
      const sums = [0, 0, 0];
      let n = 0;
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const ox = Math.min(copy.width - 1, Math.floor(x / factor));
          const oy = Math.min(copy.height - 1, Math.floor(y / factor));
          if (ox !== cx || oy !== cy) continue;
          for (let c = 0; c < 3; c++) sums[c]! += rgb[(y * width + x) * 3 + c]!;
          n++;
        }
      const at = (cy * copy.width + cx) * 3;
      expect([...copy.rgb.subarray(at, at + 3)]).toEqual(sums.map((s) => Math.floor(s / n)));
    }
  });
});

describe('colourFadedGray', () => {
  it('keeps black and grey print, turns coloured ink white, over the box asked for', () => {
    // One row: black text, mid grey, light pink tint, dark pink guilloche line, blue line, white,
    // and a dark blue-grey label ink, which is dark enough to stay.
    const colours = [
      [20, 20, 24],
      [128, 128, 128],
      [240, 200, 212],
      [160, 64, 112],
      [64, 96, 192],
      [255, 255, 255],
      [59, 74, 107],
    ];
    const rgb = new Uint8Array(colours.flat());
    const { gray, at } = colourFadedGray(rgb, colours.length, 1, { x: 0, y: 0, width: colours.length, height: 1 });
    expect(at).toEqual({ x: 0, y: 0 });
    expect([...gray.data]).toEqual([24, 128, 255, 255, 255, 255, 147]);
    // A part of the row: the box's pixels only, placed where they are.
    const part = colourFadedGray(rgb, colours.length, 1, { x: 1, y: 0, width: 2, height: 1 });
    expect(part.at).toEqual({ x: 1, y: 0 });
    expect([...part.gray.data]).toEqual([128, 255]);
  });
});

describe('darkestChannelGray', () => {
  it('turns red print as dark as black while a pale pink stays light', () => {
    const colours = [
      [20, 20, 24],
      [176, 16, 32],
      [240, 200, 212],
      [128, 128, 128],
    ];
    const rgb = new Uint8Array(colours.flat());
    const { gray } = darkestChannelGray(rgb, colours.length, 1, { x: 0, y: 0, width: colours.length, height: 1 });
    expect([...gray.data]).toEqual([20, 16, 200, 128]);
  });
});

describe('keepDarkestInk', () => {
  it('keeps black print and turns a grey guilloche and the paper white', () => {
    // 1000 pixels: mostly paper (244), a grey guilloche's background (208) and lines (144),
    // and a little black print (10) with its anti-aliased edges (60).
    const values = [
      ...Array<number>(500).fill(244),
      ...Array<number>(250).fill(208),
      ...Array<number>(200).fill(144),
      ...Array<number>(40).fill(10),
      ...Array<number>(10).fill(60),
    ];
    const kept = keepDarkestInk({ width: values.length, height: 1, data: new Uint8Array(values) });
    const at = (value: number): number => kept.data[values.indexOf(value)]!;
    // White point: 40 % of the way from the darkest print (10) to the paper (the median, 244): 103.6.
    expect([at(244), at(208), at(144)]).toEqual([255, 255, 255]);
    expect(at(10)).toBe(0);
    expect(at(60)).toBe(Math.round((255 * 50) / 93.6));
  });

  it('leaves an image with no print darker than its paper as it is', () => {
    const plain = new Uint8Array([200, 200, 190, 200]);
    expect([...keepDarkestInk({ width: 4, height: 1, data: plain }).data]).toEqual([...plain]);
  });
});

describe('keepDarkestInkBeforeGap', () => {
  // Paper (244), a guilloche's background (208) and lines nearly as dark as the print (48, with
  // anti-aliased edges at 90), black print (10) with its edges (one pixel at each level 11-30):
  // a gap at 33-45 between print and lines.
  const nearBlack = [
    ...Array<number>(500).fill(244),
    ...Array<number>(250).fill(208),
    ...Array<number>(120).fill(48),
    ...Array<number>(60).fill(90),
    ...Array<number>(50).fill(10),
    ...Array.from({ length: 20 }, (_, i) => 11 + i),
  ];
  const image = (values: number[]) => ({ width: values.length, height: 1, data: new Uint8Array(values) });

  it('keeps the black print and turns lines nearly as dark as it white, where keepDarkestInk keeps them grey', () => {
    const kept = keepDarkestInkBeforeGap(image(nearBlack))!;
    const at = (value: number): number => kept.data[nearBlack.indexOf(value)]!;
    expect([at(244), at(208), at(90), at(48)]).toEqual([255, 255, 255, 255]);
    expect(at(10)).toBe(0);
    expect(at(20)).toBeLessThan(255); // the print's edges stay
    // keepDarkestInk's white point, 40 % of the way to the paper (103.6), keeps the lines.
    const darkest = keepDarkestInk(image(nearBlack));
    expect(darkest.data[nearBlack.indexOf(48)]).toBeLessThan(160);
  });

  it('finds no gap where the lines are far lighter than the print, or there are none', () => {
    const grey = nearBlack.map((v) => (v === 48 ? 144 : v === 90 ? 170 : v));
    expect(keepDarkestInkBeforeGap(image(grey))).toBeUndefined();
    expect(keepDarkestInkBeforeGap(image(nearBlack.filter((v) => v !== 48 && v !== 90)))).toBeUndefined();
    expect(keepDarkestInkBeforeGap(image([200, 200, 190, 200]))).toBeUndefined();
  });
});

describe("the tests' sampling of a field's pixels", () => {
  it('stays inside a field seen in perspective and reaches its four corners', () => {
    // The portrait of a TD2 page in a phone photo (seed 53, page 21 of bench:sweep --photos).
    const quad = [
      { x: 1380, y: 402 },
      { x: 1360, y: 726 },
      { x: 1031, y: 738 },
      { x: 1028, y: 416 },
    ] as const;
    const points = samplePoints([...quad]);
    expect(points.every((p) => quadContains([...quad], p))).toBe(true);
    for (const corner of quad)
      expect(Math.min(...points.map((p) => Math.hypot(p.x - corner.x, p.y - corner.y)))).toBeLessThan(3);
  });
});
