import type { Box } from '../geometry.js';

/** An 8-bit single-channel image (0 = black). */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Luma (BT.601) of interleaved RGB pixels. */
export function rgbToGray(rgb: Uint8Array, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += 3) {
    data[i] = (rgb[j]! * 77 + rgb[j + 1]! * 150 + rgb[j + 2]! * 29) >> 8;
  }
  return { width, height, data };
}

/**
 * Each pixel's lightest channel, over the part `box` of interleaved RGB pixels
 * (page pixels, clipped to the image): dark print stays dark while a coloured
 * background (a pink or green guilloche) turns nearly white. `at` is the
 * top-left of the result on the page.
 */
export function lightestChannelGray(
  rgb: Uint8Array,
  width: number,
  height: number,
  box: Box,
): { gray: GrayImage; at: { x: number; y: number } } {
  return channelGray(rgb, width, height, box, Math.max);
}

/**
 * Each pixel's darkest channel, as lightestChannelGray: saturated coloured
 * print (a red number) turns as dark as black print, while a pale coloured
 * background stays light.
 */
export function darkestChannelGray(
  rgb: Uint8Array,
  width: number,
  height: number,
  box: Box,
): { gray: GrayImage; at: { x: number; y: number } } {
  return channelGray(rgb, width, height, box, Math.min);
}

function channelGray(
  rgb: Uint8Array,
  width: number,
  height: number,
  box: Box,
  pick: (r: number, g: number, b: number) => number,
): { gray: GrayImage; at: { x: number; y: number } } {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.width));
  const y1 = Math.min(height, Math.ceil(box.y + box.height));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const data = new Uint8Array(w * h).fill(255);
  for (let y = y0; y < y1; y++) {
    for (let x = x0, j = (y * width + x0) * 3; x < x1; x++, j += 3) {
      data[(y - y0) * w + (x - x0)] = pick(rgb[j]!, rgb[j + 1]!, rgb[j + 2]!);
    }
  }
  return { gray: { width: w, height: h, data }, at: { x: x0, y: y0 } };
}

/** How strongly a pixel's colourfulness lightens it in colourFadedGray. */
const COLOUR_FADE = 2;

/**
 * Each pixel's lightest channel lightened further by its colourfulness (the
 * spread between its lightest and darkest channels, doubled), the more so the
 * lighter it is, over the part `box` of interleaved RGB pixels as
 * lightestChannelGray: black and grey print stays dark, and so does dark
 * blue-grey label ink (59, 74, 107 -> 147), while a coloured guilloche, even a
 * dark pink or blue line (160, 64, 112 -> white), turns white. Bright coloured
 * print (a red serial number) fades too, so this is for reading dark text on a
 * coloured background only.
 */
export function colourFadedGray(
  rgb: Uint8Array,
  width: number,
  height: number,
  box: Box,
): { gray: GrayImage; at: { x: number; y: number } } {
  const lightest = lightestChannelGray(rgb, width, height, box);
  const { gray, at } = lightest;
  for (let y = 0; y < gray.height; y++) {
    for (let x = 0, j = ((at.y + y) * width + at.x) * 3; x < gray.width; x++, j += 3) {
      const i = y * gray.width + x;
      const lightestValue = gray.data[i]!;
      const spread = lightestValue - Math.min(rgb[j]!, rgb[j + 1]!, rgb[j + 2]!);
      gray.data[i] = Math.min(255, lightestValue + (COLOUR_FADE * spread * lightestValue) / 255);
    }
  }
  return lightest;
}

/** Box-filter downscale by an integer factor (fast, alias-free enough for layout analysis). */
export function downscaleGray(image: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return image;
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Uint8Array(width * height);
  const area = factor * factor;
  const sums = new Uint32Array(width);
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      let i = (y * factor + dy) * image.width;
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let dx = 0; dx < factor; dx++) sum += image.data[i++]!;
        sums[x]! += sum;
      }
    }
    for (let x = 0; x < width; x++) data[y * width + x] = Math.round(sums[x]! / area);
  }
  return { width, height, data };
}

/**
 * downscaleGray(rgbToGray(rgb), factor), in one pass over the RGB pixels and
 * without the full-size grey copy (8.7 MB for an A4 page at 300 dpi, most of
 * the time of that step): each pixel's luma as rgbToGray computes it, averaged
 * over blocks as downscaleGray does, so the result is the same to the bit.
 */
export function rgbToGrayDownscaled(rgb: Uint8Array, width: number, height: number, factor: number): GrayImage {
  if (factor <= 1) return rgbToGray(rgb, width, height);
  const outWidth = Math.floor(width / factor);
  const outHeight = Math.floor(height / factor);
  const data = new Uint8Array(outWidth * outHeight);
  const area = factor * factor;
  const sums = new Uint32Array(outWidth);
  for (let y = 0; y < outHeight; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      let j = (y * factor + dy) * width * 3;
      for (let x = 0; x < outWidth; x++) {
        let sum = 0;
        for (let dx = 0; dx < factor; dx++, j += 3) sum += (rgb[j]! * 77 + rgb[j + 1]! * 150 + rgb[j + 2]! * 29) >> 8;
        sums[x]! += sum;
      }
    }
    for (let x = 0; x < outWidth; x++) data[y * outWidth + x] = Math.round(sums[x]! / area);
  }
  return { width: outWidth, height: outHeight, data };
}

/**
 * Downscale by an integer factor keeping each block's darkest pixel: thin dark
 * strokes survive (an average would wash them out), for finding where ink is.
 */
export function minDownscaleGray(image: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return image;
  const width = Math.ceil(image.width / factor);
  const height = Math.ceil(image.height / factor);
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < image.height; y++) {
    let o = Math.floor(y / factor) * width;
    for (let x = 0, i = y * image.width; x < image.width; o++) {
      let darkest = data[o]!;
      for (let end = Math.min(image.width, x + factor); x < end; x++, i++) {
        if (image.data[i]! < darkest) darkest = image.data[i]!;
      }
      data[o] = darkest;
    }
  }
  return { width, height, data };
}

/** Bilinear upscale by two, for layout analysis of small photos. */
export function upscaleGray2x(image: GrayImage): GrayImage {
  const width = image.width * 2;
  const height = image.height * 2;
  const data = new Uint8Array(width * height);
  const src = image.data;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, (y - 0.5) / 2));
    const y0 = Math.floor(sy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, (x - 0.5) / 2));
      const x0 = Math.floor(sx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const fx = sx - x0;
      const top = src[y0 * image.width + x0]! * (1 - fx) + src[y0 * image.width + x1]! * fx;
      const bottom = src[y1 * image.width + x0]! * (1 - fx) + src[y1 * image.width + x1]! * fx;
      data[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, data };
}

/**
 * Dark-on-light ink mask by comparison with the local mean, robust to uneven
 * lighting and tinted security backgrounds. The window's sum slides: each
 * column's sum over the window's rows is kept up to date row by row, and the
 * row's window sum column by column (3-4 times faster on a full page than an
 * integral image, and without its 8 bytes a pixel; the sums are the same).
 */
export function adaptiveInkMask(image: GrayImage, radius: number, offset: number): Uint8Array {
  const { width, height, data } = image;
  const columnSums = new Int32Array(width);
  const mask = new Uint8Array(width * height);
  let firstRow = 0; // the window's rows: firstRow up to endRow
  let endRow = 0;
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (; endRow < y1; endRow++) for (let x = 0, i = endRow * width; x < width; x++, i++) columnSums[x]! += data[i]!;
    for (; firstRow < y0; firstRow++)
      for (let x = 0, i = firstRow * width; x < width; x++, i++) columnSums[x]! -= data[i]!;
    const rows = y1 - y0;
    let sum = 0; // over columns x - radius up to x + radius, clipped
    for (let x = 0; x < Math.min(width, radius); x++) sum += columnSums[x]!;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (x + radius < width) sum += columnSums[x + radius]!;
      if (x - radius - 1 >= 0) sum -= columnSums[x - radius - 1]!;
      const columns = Math.min(width, x + radius + 1) - Math.max(0, x - radius);
      // data < mean - offset, without dividing.
      if ((data[i]! + offset) * columns * rows < sum) mask[i] = 1;
    }
  }
  return mask;
}

/**
 * Black text on white from a low-contrast or unevenly lit crop (glare, grey
 * photos): each pixel is judged against its neighbourhood's mean.
 */
export function binarizeLocal(image: GrayImage, radius: number, offset: number): GrayImage {
  const mask = adaptiveInkMask(image, radius, offset);
  const data = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) data[i] = mask[i] ? 0 : 255;
  return { width: image.width, height: image.height, data };
}

/**
 * Linear contrast stretch: the darkest `clip` share of pixels becomes black and
 * the brightest becomes white. Phone photos (glare, JPEG, haze) read far better.
 */
export function stretchContrast(image: GrayImage, clip = 0.01): GrayImage {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < image.data.length; i++) histogram[image.data[i]!]!++;
  const cut = image.data.length * clip;
  let low = 0;
  for (let seen = 0; low < 255 && seen + histogram[low]! <= cut; low++) seen += histogram[low]!;
  let high = 255;
  for (let seen = 0; high > 0 && seen + histogram[high]! <= cut; high--) seen += histogram[high]!;
  if (high - low < 16) return image;
  const scale = 255 / (high - low);
  const stretched = new Uint8Array(256);
  for (let v = 0; v < 256; v++) stretched[v] = Math.max(0, Math.min(255, Math.round((v - low) * scale)));
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = stretched[image.data[i]!]!;
  return { width: image.width, height: image.height, data };
}

/**
 * The rectangle holding every row and column with at least `minDark` pixels
 * darker than `threshold`, grown by `margin` pixels: where there is anything to
 * read. Undefined on a blank image.
 */
export function inkBounds(image: GrayImage, threshold = 128, minDark = 2, margin = 16): Box | undefined {
  const { width, height, data } = image;
  const rows = new Uint32Array(height);
  const columns = new Uint32Array(width);
  for (let y = 0; y < height; y++) {
    let i = y * width;
    for (let x = 0; x < width; x++, i++) {
      if (data[i]! < threshold) {
        rows[y]!++;
        columns[x]!++;
      }
    }
  }
  const first = (counts: Uint32Array): number => counts.findIndex((c) => c >= minDark);
  const last = (counts: Uint32Array): number => counts.findLastIndex((c) => c >= minDark);
  const [y0, y1, x0, x1] = [first(rows), last(rows), first(columns), last(columns)];
  if (y0 < 0 || x0 < 0) return undefined;
  const left = Math.max(0, x0 - margin);
  const top = Math.max(0, y0 - margin);
  return {
    x: left,
    y: top,
    width: Math.min(width, x1 + 1 + margin) - left,
    height: Math.min(height, y1 + 1 + margin) - top,
  };
}
