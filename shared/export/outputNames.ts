import path from 'node:path';

/**
 * One output stem per input of a batch, so that no two inputs write the same
 * copy: `a/scan.png` and `b/scan.tiff` become `scan` and `scan-2`, decided by
 * their order in the batch (not by which finishes first). Stems are compared
 * case-insensitively, as on the file systems of Windows and macOS, and never
 * collide with another input's own stem.
 */
export function uniqueOutputStems(files: readonly string[]): string[] {
  const stemOf = (file: string): string => path.basename(file, path.extname(file));
  const plain = new Set(files.map((f) => stemOf(f).toLowerCase()));
  const taken = new Set<string>();
  return files.map((file) => {
    const stem = stemOf(file);
    let candidate = stem;
    // A renamed copy must not take the name another input has of its own (`scan-2.png`).
    for (
      let n = 2;
      taken.has(candidate.toLowerCase()) || (candidate !== stem && plain.has(candidate.toLowerCase()));
      n++
    )
      candidate = `${stem}-${n}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
