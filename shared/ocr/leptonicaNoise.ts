/**
 * Lines Leptonica (the image library inside Tesseract's WebAssembly build)
 * prints when Tesseract hands it an empty box, about one small turned page in
 * a hundred: the read goes on unharmed, but a batch's terminal filled with
 * "Error in ..." lines that are no error of the user's files or of the copies.
 */
const HARMLESS_LINE = /^Error in (boxClipToRectangle: box outside rectangle|pixScanForForeground: invalid box)$/;

type Write = NodeJS.WriteStream['write'];

/**
 * Drops Leptonica's harmless lines (HARMLESS_LINE) from what is written to
 * `stream`, the process's stderr by default: an OCR worker thread's output is
 * piped into its parent's stream, so this must run in the thread that starts
 * the workers. Every other line passes unchanged, in order.
 */
export function hideLeptonicaNoise(stream: NodeJS.WriteStream = process.stderr): void {
  const write = stream.write.bind(stream) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = text.split('\n');
    const kept = lines.filter((line) => !HARMLESS_LINE.test(line.replace(/\r$/, '')));
    if (kept.length === lines.length) return write(chunk, ...rest);
    const remaining = kept.join('\n');
    if (remaining.trim() === '') {
      // Nothing left to write: still call a caller's callback, as write would.
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      if (callback) process.nextTick(callback);
      return true;
    }
    return write(remaining, ...rest);
  }) as Write;
}
