#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import { TOOL } from '../version.js';
import { batchCommand } from './batch.js';
import { buildCommand } from './build.js';
import { describeError, EXIT } from './exitCodes.js';
import { previewCommand } from './preview.js';
import { scanCommand } from './scan.js';
import { validateCommand } from './validate.js';

const debug = process.argv.includes('--debug');
const log = (line: string) => process.stderr.write(`${line}\n`);
// A reader that goes away (`orthotic batch --json | head`) ends what is printed, not the run: a
// batch goes on building and records every order in batch-report.json.
let stdoutClosed = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  stdoutClosed = true;
});
const out = (line: string) => { if (!stdoutClosed) process.stdout.write(`${line}\n`); };

const program = new Command('orthotic')
  .description('Turn a foot scan and a prescription into a closed, printable custom foot orthotic (STL).')
  .version(TOOL.version)
  .option('--debug', 'print stack traces on errors')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });
program.addHelpText('after', `
Exit codes: 0 ok, 1 internal error, 2 usage error, 3 invalid input (JSON, schema or geometry),
            4 refused: exceeds correction limits, 5 not written: the storage refused an output
            (disk full, I/O error, read-only, no permission), 130 interrupted (SIGINT, SIGTERM).`);
let exitCode: number = EXIT.ok;
for (const cmd of [buildCommand(log), previewCommand(log), validateCommand(log, out), scanCommand(log), batchCommand(log, out, (code) => { exitCode = code; })]) {
  program.addCommand(cmd.exitOverride().showHelpAfterError('(run with --help for usage)'));
}

try {
  await program.parseAsync(process.argv.filter((a) => a !== '--debug'));
  process.exitCode = exitCode;
} catch (err) {
  if (err instanceof CommanderError && !(err instanceof InvalidArgumentError)) {
    // Commander has printed its own message; --help and --version are not errors. (An
    // InvalidArgumentError thrown by an action has not been printed: it is a usage error below.)
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    const e = err instanceof InvalidArgumentError ? new UsageError(err.message) : err;
    const { code, lines } = describeError(e, debug);
    for (const line of lines) log(line);
    process.exitCode = code;
  }
}
