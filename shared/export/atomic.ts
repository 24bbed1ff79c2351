import { randomBytes } from 'node:crypto';
import { open, readdir, realpath, rename, rm } from 'node:fs/promises';
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

/** A temporary file is `.<target's name>.<12 hex digits>.tmp`, beside the target. */
const TEMP_ID_BYTES = 6;

/**
 * Removes the temporary files that atomic writes to targets in `dir` whose
 * names start with `namePrefix` left behind: a process ended in the middle of
 * a write (see cli/supervisor.ts) cannot remove its own. Returns how many.
 */
export async function removeTemporaryFiles(dir: string, namePrefix: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const hex = `[0-9a-f]{${TEMP_ID_BYTES * 2}}`;
  let removed = 0;
  for (const name of names) {
    const target = new RegExp(`^\\.(.+)\\.${hex}\\.tmp$`).exec(name)?.[1];
    if (target === undefined || !target.startsWith(namePrefix)) continue;
    await rm(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
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
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(TEMP_ID_BYTES).toString('hex')}.tmp`,
  );
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
