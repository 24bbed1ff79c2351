import { spawn } from 'node:child_process';
import { removeTemporaryFiles } from '../shared/export/atomic.js';
import { StallWatch, watchMemory } from '../shared/engineWatch.js';
import {
  SUPERVISED_ENV,
  type EngineToLauncher,
  type LauncherToEngine,
  type OutputTarget,
  type ResumeState,
} from './supervision.js';

/** How to start the engine's process: the CLI's main module and its arguments. */
export interface EngineCommand {
  execPath: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
}

/** How the supervised command ended: an exit code, or the signal that ended it. */
export type CommandOutcome = { code: number } | { signal: NodeJS.Signals };

/** How one engine process ended, with what it was doing. */
interface EngineRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Files started and not finished, with where their copies were going. */
  inFlight: Map<number, OutputTarget[]>;
  /** Set when a watch ended the process: why, for the error of the file at fault. */
  stoppedBecause?: { reason: 'time_limit' | 'too_large'; detail: string };
  startError?: Error;
  /** Set when the engine was stopped because its files were not those of the first engine. */
  refused?: boolean;
}

/** Signals a user sends to stop the command: handed on, never answered with a restart. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs the command in an engine process and, while it works through a batch,
 * watches it (see supervision.ts): an engine that stops beating or dies with
 * files in flight is ended and replaced by a new one that resumes the batch.
 * The outcome is that of the last engine process. `log` gets the launcher's
 * own messages (default: stderr).
 */
export async function superviseEngine(
  command: EngineCommand,
  log: (line: string) => void = (line) => void process.stderr.write(line + '\n'),
): Promise<CommandOutcome> {
  const finished = new Map<number, unknown>();
  let state: ResumeState = { finished: [], stopped: [], isolate: [] };
  let firstFiles: string | undefined;
  let interrupted: NodeJS.Signals | undefined;
  let current: ReturnType<typeof spawn> | undefined;
  const forward = (signal: NodeJS.Signals): void => {
    interrupted = signal;
    current?.kill(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, forward);

  const runOnce = (): Promise<EngineRun> =>
    new Promise((resolve) => {
      const child = spawn(command.execPath, command.args, {
        stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
        env: { ...command.env, [SUPERVISED_ENV]: '1' },
      });
      current = child;
      const run: EngineRun = { code: null, signal: null, inFlight: new Map() };
      let watch: StallWatch | undefined;
      let memory: (() => void) | undefined;
      child.on('message', (message: EngineToLauncher) => {
        watch?.beat();
        switch (message.kind) {
          case 'hello': {
            // A restarted engine must be working on the same files in the same order.
            const files = JSON.stringify(message.files);
            firstFiles ??= files;
            if (files !== firstFiles) {
              log('idredact: the input files changed while the engine was restarted; stopped');
              run.refused = true;
              child.kill('SIGKILL');
              return;
            }
            state.startedAt ??= message.startedAt;
            const stop = (reason: 'time_limit' | 'too_large', detail: string): void => {
              run.stoppedBecause ??= { reason, detail };
              child.kill('SIGKILL');
            };
            watch = new StallWatch(message.stallLimitMs, (silentMs) =>
              stop('time_limit', `gave no sign of life for ${seconds(silentMs)}`),
            );
            watch.start();
            memory = watchMemory(child.pid, message.memoryLimitMb, (usedMb) =>
              stop(
                'too_large',
                `used ${usedMb} MB, over the memory limit of ${message.memoryLimitMb} MB (--memory-limit)`,
              ),
            );
            child.send({ kind: 'resume', state } satisfies LauncherToEngine);
            return;
          }
          case 'started':
            run.inFlight.set(message.index, message.outputs);
            return;
          case 'finished':
            run.inFlight.delete(message.index);
            finished.set(message.index, message.result);
            state.peakRssMb = Math.max(state.peakRssMb ?? 0, message.peakRssMb);
            return;
        }
      });
      child.on('error', (error) => {
        run.startError = error;
      });
      // 'close' comes after the exit and after the last message has been delivered.
      child.on('close', (code, signal) => {
        watch?.stop();
        memory?.();
        current = undefined;
        run.code = code;
        run.signal = signal;
        resolve(run);
      });
    });

  try {
    for (;;) {
      const run = await runOnce();
      if (run.startError) {
        log(`idredact: cannot start: ${run.startError.message}`);
        return { code: 2 };
      }
      if (run.refused) return { code: 2 };
      if (interrupted) return run.signal ? { signal: run.signal } : { code: run.code ?? 2 };
      if (run.inFlight.size === 0) {
        if (run.stoppedBecause) {
          log(`idredact: the engine ${run.stoppedBecause.detail} outside any file; stopped`);
          return { code: 2 };
        }
        return run.signal ? { signal: run.signal } : { code: run.code ?? 2 };
      }
      // The engine stopped with files in flight: nothing of theirs may be left, and the batch goes on.
      for (const targets of run.inFlight.values())
        for (const target of targets) await removeTemporaryFiles(target.dir, target.namePrefix);
      state = nextState(state, run, finished);
    }
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, forward);
  }
}

/**
 * What the next engine resumes from: a file alone in flight when the engine
 * stopped is the one at fault; several together are each run alone first.
 */
function nextState(previous: ResumeState, run: EngineRun, finished: Map<number, unknown>): ResumeState {
  const stopped = [...previous.stopped];
  const inFlight = [...run.inFlight.keys()];
  if (inFlight.length === 1) {
    stopped.push({
      index: inFlight[0]!,
      ...(run.stoppedBecause ?? {
        reason: 'engine_crashed',
        detail: run.signal ? `ended with signal ${run.signal}` : `ended with exit code ${run.code}`,
      }),
    });
  }
  const settled = new Set([...finished.keys(), ...stopped.map((s) => s.index)]);
  const suspects = inFlight.length > 1 ? inFlight : [];
  const isolate = [...new Set([...previous.isolate, ...suspects])].filter((index) => !settled.has(index));
  return { ...previous, finished: [...finished], stopped, isolate };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
