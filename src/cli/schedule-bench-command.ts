import { parseArgs } from 'node:util';
import { InstanceError, proposeScheduleInWorker, readScheduleProblem } from '../modules/schedule/index.js';
import { DomainError } from '../shared/errors.js';
import { readInputFile } from './input-file.js';
import type { CliOutput } from './io.js';

/** What `lectern schedule-bench` borrows from the CLI's main: its errors and its output. */
export interface ScheduleBenchContext {
  usageError(message: string): Error;
  argumentError(message: string): Error;
  help(): number;
  cwd: string;
  stdout: CliOutput;
  stderr: CliOutput;
}

export const SCHEDULE_BENCH_USAGE = `  schedule-bench FILE.json --seconds S [--seed N]
      Run the schedule solver on a confsched-bench/0.1 instance (no database) for S seconds
      and print {"assignments":[{"talk","slot","room"}],"missed","lowerBound"} on stdout:
      the missed preferred talks of the schedule found and the bound on the best possible
      (null when some talk could not be placed). Progress goes to stderr on a terminal.`;

/**
 * `lectern schedule-bench FILE.json --seconds S [--seed N]`: the solver and its bound on a bench
 * instance, in a worker thread, within the time given; a bad file is refused naming the field.
 */
export async function scheduleBenchCommand(args: string[], context: ScheduleBenchContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { seconds: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return context.help();
  if (positionals.length !== 1) throw context.usageError('schedule-bench needs exactly one FILE.json');
  if (values.seconds === undefined) throw context.usageError('schedule-bench needs --seconds S');
  const seconds = Number(values.seconds);
  if (!/^\d+(\.\d+)?$/.test(values.seconds) || !(seconds > 0)) {
    throw context.argumentError(`--seconds must be a positive number, got "${values.seconds}"`);
  }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (values.seed !== undefined && (!/^\d+$/.test(values.seed) || seed > 0xffffffff)) {
    throw context.argumentError(`--seed must be a whole number from 0 to 4294967295, got "${values.seed}"`);
  }
  const { shown, content } = await readInputFile(positionals[0]!, context.cwd);
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8'));
  } catch (error) {
    throw new DomainError(`cannot read ${shown}: not JSON (${(error as Error).message})`);
  }
  let problem;
  try {
    problem = readScheduleProblem(json, { source: shown, requireFormat: true });
  } catch (error) {
    if (error instanceof InstanceError) throw new DomainError(error.message);
    throw error;
  }
  const result = await proposeScheduleInWorker(problem, {
    timeLimitMs: seconds * 1000,
    seed,
    onProgress: (progress) => {
      if (!context.stderr.isTTY) return;
      const bound = progress.lowerBound === null ? '' : `, bound ${progress.lowerBound}`;
      context.stderr.write(
        `\r${(progress.elapsedMs / 1000).toFixed(1)} s ${progress.phase}: missed ${progress.best.missed}${bound}   `,
      );
    },
  });
  if (context.stderr.isTTY) context.stderr.write('\n');
  const output = { assignments: result.assignments, missed: result.terms.missed, lowerBound: result.lowerBound };
  context.stdout.write(`${JSON.stringify(output)}\n`);
  return 0;
}
