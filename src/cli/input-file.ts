import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../shared/errors.js';

/** A file named on the command line: its bytes, and its name as messages show it (relative to here). */
export interface InputFile {
  shown: string;
  content: Buffer;
}

/** Reads a file an import names, or says plainly why it cannot. */
export async function readInputFile(file: string): Promise<InputFile> {
  const shown = path.relative(process.cwd(), file) || file;
  try {
    return { shown, content: await readFile(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DomainError(`cannot read ${shown}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}
