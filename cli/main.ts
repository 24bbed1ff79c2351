#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { MAIN_HELP, parseRedactArgs, parseVerifyArgs, REDACT_HELP, UsageError, VERIFY_HELP } from './args.js';
import { runRedact } from './redactCommand.js';
import { runVerify } from './verifyCommand.js';
import { hideLeptonicaNoise } from '../shared/ocr/leptonicaNoise.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(MAIN_HELP);
      return command ? 0 : 2;
    }
    if (command === '--version' || command === '-V') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    if (command === 'redact') {
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(REDACT_HELP);
        return 0;
      }
      return await runRedact(parseRedactArgs(rest), version());
    }
    if (command === 'verify') {
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(VERIFY_HELP);
        return 0;
      }
      return await runVerify(parseVerifyArgs(rest), version());
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`idredact: ${error.message}\nRun "idredact --help" for usage.\n`);
      return 2;
    }
    throw error;
  }
}

hideLeptonicaNoise();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`idredact: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
