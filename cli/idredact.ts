#!/usr/bin/env node
/**
 * The `idredact` command. On Linux it runs the CLI (main.ts) in a child
 * process started with the engine's malloc setting (see mallocSettings.ts),
 * which glibc only reads at start-up: the launcher itself loads nothing else,
 * passes its arguments, streams and exit code through, and hands Ctrl-C on.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { engineEnvironment, needsEngineEnvironment } from '../shared/mallocSettings.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

if (needsEngineEnvironment()) {
  const child = spawn(process.execPath, [...process.execArgv, MAIN, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: engineEnvironment(),
  });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`idredact: cannot start: ${error.message}\n`);
    process.exitCode = 2;
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    // Ended by a signal: end the same way, so that a calling shell sees it.
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 2;
  });
} else {
  await import('./main.js');
}
