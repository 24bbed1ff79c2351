import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../errors.js';

async function sameFile(a: string, b: string): Promise<boolean> {
  const resolve = async (p: string): Promise<string> => {
    try {
      return await realpath(p);
    } catch {
      return path.resolve(p);
    }
  };
  return (await resolve(a)) === (await resolve(b));
}

/**
 * Writes `bytes` to `target` atomically: a temporary file in the same folder,
 * flushed, then renamed over the target. Refuses to replace `protectedInput`.
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array, protectedInput?: string): Promise<void> {
  if (protectedInput && (await sameFile(target, protectedInput))) {
    throw new OutputError(target, 'refusing to overwrite the input file');
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof OutputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new OutputError(target, `cannot write output (${code})`);
  }
}
