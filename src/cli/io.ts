import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/client.js';

/** Where a command writes: a stream of the process, or anything with `write`. */
export interface CliOutput {
  write(text: string): unknown;
  /** A terminal: progress lines are drawn only there. */
  readonly isTTY?: boolean;
}

/**
 * What a run of `lectern` reads from and writes to. The binary (src/cli/bin.ts) passes its own
 * process's; a caller in the same process (the tests) passes its own, and may hand over an open
 * database instead of the one the configuration names.
 */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** Where relative file names start, and what messages show them relative to. */
  cwd: string;
  stdout: CliOutput;
  stderr: CliOutput;
  /** Opens the database a command works on; by default the configured one (DATABASE_URL or LECTERN_DATA_DIR). */
  openDatabase?: (config: Config) => Promise<DatabaseHandle>;
}

export function processIo(): CliIo {
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr };
}
