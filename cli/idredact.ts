#!/usr/bin/env node
/**
 * The `idredact` command: a launcher that runs the CLI (main.ts) in an engine
 * process and supervises it (supervisor.ts). The engine process starts with
 * the engine's malloc settings (mallocSettings.ts), which glibc only reads at
 * start-up; a batch that hangs or crashes it on one file is resumed in a new
 * one. The launcher loads nothing else, passes arguments, streams and the
 * exit code through, and hands Ctrl-C on.
 */
import { fileURLToPath } from 'node:url';
import { engineEnvironment } from '../shared/mallocSettings.js';
import { superviseEngine } from './supervisor.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

const outcome = await superviseEngine({
  execPath: process.execPath,
  args: [...process.execArgv, MAIN, ...process.argv.slice(2)],
  env: engineEnvironment(),
});
// Ended by a signal: end the same way, so that a calling shell sees it.
if ('signal' in outcome) process.kill(process.pid, outcome.signal);
else process.exitCode = outcome.code;
