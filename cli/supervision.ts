/**
 * The messages between the `idredact` launcher (supervisor.ts) and the batch
 * it runs in its engine process (batch.ts), and the batch's side of them.
 *
 * The batch says which file it starts and hands each finished file's result
 * to the launcher, and its event loop beats every second (heartbeat.ts). If
 * the beats stop (a step that never yields) or the process dies while files
 * are in flight (a crash in a native decoder, memory exhausted), the launcher
 * ends it and starts a new engine process on the same command line, which
 * takes back the finished results, reports the file that stopped the engine
 * as failed, and goes on with the rest: one hostile file costs a restart,
 * not the batch.
 */
import type { InputErrorReason } from '../shared/errors.js';
import { startHeartbeat } from '../shared/heartbeat.js';

/** Set by the launcher in its engine process's environment: the batch then talks to it. */
export const SUPERVISED_ENV = 'IDREDACT_SUPERVISED';

/** Where a file's half-written outputs could be: atomic writes' temporary files in `dir` named after `target`. */
export interface OutputTarget {
  dir: string;
  /** The start of the output's file name (`scan.redacted.`): its temporary files are `.<name>.<hex>.tmp`. */
  namePrefix: string;
}

/** A file that stopped an earlier engine process, as the launcher saw it. */
export interface StoppedFile {
  index: number;
  reason: Extract<InputErrorReason, 'time_limit' | 'engine_crashed'>;
  /** How it stopped, for the file's error line: "no sign of life for 12 s", "signal SIGSEGV". */
  detail: string;
}

/** What an engine process resumes from: empty for the first one. */
export interface ResumeState {
  /** Results of files finished by earlier engine processes, by the file's index. */
  finished: Array<[index: number, result: unknown]>;
  stopped: StoppedFile[];
  /** Files in flight together when an engine stopped: each is run alone first, so the one at fault is known. */
  isolate: number[];
}

export type EngineToLauncher =
  | { kind: 'hello'; stallLimitMs: number; files: readonly string[] }
  | { kind: 'alive' }
  | { kind: 'started'; index: number; outputs: OutputTarget[] }
  | { kind: 'finished'; index: number; result: unknown };

export type LauncherToEngine = { kind: 'resume'; state: ResumeState };

/** The batch's link to its launcher. */
export interface SupervisorLink {
  readonly resume: ResumeState;
  started(index: number, outputs: OutputTarget[]): void;
  finished(index: number, result: unknown): void;
  close(): void;
}

/**
 * Connects to the launcher when this process was started by it (undefined
 * otherwise: run directly, the batch works alone): says hello, waits for the
 * state to resume from, starts beating.
 */
export async function connectToSupervisor(
  stallLimitMs: number,
  files: readonly string[],
): Promise<SupervisorLink | undefined> {
  const send = process.send?.bind(process);
  if (!send || process.env[SUPERVISED_ENV] !== '1') return undefined;
  const post = (message: EngineToLauncher): void => void send(message);
  const resume = await new Promise<ResumeState>((resolve) => {
    const onMessage = (message: LauncherToEngine): void => {
      if (message?.kind !== 'resume') return;
      process.off('message', onMessage);
      resolve(message.state);
    };
    process.on('message', onMessage);
    post({ kind: 'hello', stallLimitMs, files });
  });
  // The IPC channel must not keep the process alive once the batch is done.
  process.channel?.unref();
  const stopBeating = startHeartbeat(() => post({ kind: 'alive' }));
  return {
    resume,
    started: (index, outputs) => post({ kind: 'started', index, outputs }),
    finished: (index, result) => post({ kind: 'finished', index, result }),
    close: stopBeating,
  };
}
