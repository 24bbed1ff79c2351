/**
 * The messages between the `idredact` launcher (supervisor.ts) and the batch
 * it runs in its engine process (batch.ts), and the batch's side of them.
 *
 * The batch says which file it starts and hands each finished file's result
 * to the launcher, and its event loop beats every second
 * (shared/engineWatch.ts). If the beats stop (a step that never yields), its
 * memory passes the limit, or the process dies while files are in flight (a
 * crash in a native decoder, the system's out-of-memory killer), the launcher
 * ends it and starts a new engine process on the same command line, which
 * takes back the finished results, reports the file that stopped the engine
 * as failed, and goes on with the rest: one hostile file costs a restart,
 * not the batch.
 */
import type { InputErrorReason } from '../shared/errors.js';
import { startHeartbeat } from '../shared/engineWatch.js';

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
  reason: Extract<InputErrorReason, 'time_limit' | 'too_large' | 'engine_crashed'>;
  /** How it stopped, for the file's error line: "gave no sign of life for 12 s", "ended with signal SIGSEGV". */
  detail: string;
}

/** What an engine process resumes from: empty for the first one. */
export interface ResumeState {
  /** Results of files finished by earlier engine processes, by the file's index. */
  finished: Array<[index: number, result: unknown]>;
  stopped: StoppedFile[];
  /** Files in flight together when an engine stopped: each is run alone first, so the one at fault is known. */
  isolate: number[];
  /** When the first engine process began the batch (ISO 8601), for the report. */
  startedAt?: string;
  /** The highest peak memory earlier engine processes reported (MB), for the report. */
  peakRssMb?: number;
}

export type EngineToLauncher =
  | { kind: 'hello'; stallLimitMs: number; memoryLimitMb: number; files: readonly string[]; startedAt: string }
  | { kind: 'alive' }
  | { kind: 'started'; index: number; outputs: OutputTarget[] }
  | { kind: 'finished'; index: number; result: unknown; peakRssMb: number };

export type LauncherToEngine = { kind: 'resume'; state: ResumeState };

/** The batch's link to its launcher. */
export interface SupervisorLink {
  readonly resume: ResumeState;
  started(index: number, outputs: OutputTarget[]): void;
  finished(index: number, result: unknown, peakRssMb: number): void;
  close(): void;
}

/**
 * Connects to the launcher when this process was started by it (undefined
 * otherwise: run directly, the batch works alone): says hello, waits for the
 * state to resume from, starts beating.
 */
export async function connectToSupervisor(
  hello: Omit<Extract<EngineToLauncher, { kind: 'hello' }>, 'kind'>,
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
    post({ kind: 'hello', ...hello });
  });
  // The IPC channel must not keep the process alive once the batch is done.
  process.channel?.unref();
  const stopBeating = startHeartbeat(() => post({ kind: 'alive' }));
  return {
    resume,
    started: (index, outputs) => post({ kind: 'started', index, outputs }),
    finished: (index, result, peakRssMb) => post({ kind: 'finished', index, result, peakRssMb }),
    close: stopBeating,
  };
}
