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

/** A file being written atomically: chunks go to a temporary file beside the target; commit renames it over the target. */
export interface AtomicFile {
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes and renames the temporary file over the target. */
  commit(): Promise<void>;
  /** Removes the temporary file: nothing of it is left behind. */
  abort(): Promise<void>;
}

/**
 * Opens `target` for an atomic write: a temporary file in the same folder,
 * written in chunks, flushed, then renamed over the target, so that a reader
 * never sees a half-written copy and a failure leaves nothing behind. Refuses
 * to replace `protectedInput`.
 */
export async function openAtomicFile(target: string, protectedInput?: string): Promise<AtomicFile> {
  if (protectedInput && (await sameFile(target, protectedInput))) {
    throw new OutputError(target, 'refusing to overwrite the input file');
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fail = async (error: unknown): Promise<never> => {
    await rm(temp, { force: true });
    if (error instanceof OutputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new OutputError(target, `cannot write output (${code})`);
  };
  const handle = await open(temp, 'wx', 0o644).catch(fail);
  let closed = false;
  const close = async (): Promise<void> => {
    if (!closed) {
      closed = true;
      await handle.close();
    }
  };
  return {
    async write(chunk) {
      try {
        await handle.writeFile(chunk);
      } catch (error) {
        await close().catch(() => undefined);
        await fail(error);
      }
    },
    async commit() {
      try {
        await handle.sync();
        await close();
        await rename(temp, target);
      } catch (error) {
        await close().catch(() => undefined);
        await fail(error);
      }
    },
    async abort() {
      await close().catch(() => undefined);
      await rm(temp, { force: true });
    },
  };
}

/** Writes `bytes` to `target` atomically (see openAtomicFile). */
export async function writeFileAtomic(target: string, bytes: Uint8Array, protectedInput?: string): Promise<void> {
  const file = await openAtomicFile(target, protectedInput);
  await file.write(bytes);
  await file.commit();
}
