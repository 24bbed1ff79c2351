import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../shared/load/sniff.js';

/**
 * Expands folders into the supported files below them (sorted, hidden entries
 * skipped); plain files are kept as given, whatever their extension, so that a
 * wrong file is reported rather than silently skipped. A file reached twice
 * (given twice, through a link, or also inside a given folder) is kept once.
 */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = async (file: string): Promise<void> => {
    const key = await realpath(file).catch(() => path.resolve(file));
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  const walk = async (folder: string): Promise<void> => {
    const listed = await readdir(folder, { withFileTypes: true }).catch(() => undefined);
    // A folder that cannot be listed is kept as an input, so that it gets its own error line.
    if (!listed) return add(folder);
    const entries = listed.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (SUPPORTED_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) await add(full);
    }
  };
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (info?.isDirectory()) await walk(input);
    else await add(input);
  }
  return files;
}
