import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../shared/errors.js';

/** A file named on the command line: its bytes, and its name as messages show it (relative to here). */
export interface InputFile {
  shown: string;
  content: Buffer;
}

/** Reads a file an import names (relative to `cwd`), or says plainly why it cannot. */
export async function readInputFile(file: string, cwd: string): Promise<InputFile> {
  const resolved = path.resolve(cwd, file);
  const shown = path.relative(cwd, resolved) || file;
  try {
    return { shown, content: await readFile(resolved) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DomainError(`cannot read ${shown}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}
