import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventProgram } from '../../agenda/index.js';
import type { ExportContext, Exporter } from './exporter.js';
import { requireSchedule } from './schedule-parts.js';

/** A file built: its bytes and their SHA-256. */
export interface BuiltFile {
  body: Buffer;
  /** The SHA-256 of the body, base64url. */
  sha256: string;
}

export interface BuildExportOptions {
  /** Stops the build at its next pause (it then rejects with the signal's reason). */
  signal?: AbortSignal | undefined;
  /**
   * How long the build may hold the event loop before it gives it back (default 10 ms), so that
   * requests arriving meanwhile are answered between its pieces. 0 pauses after every piece.
   */
  sliceMs?: number;
}

/** Text encoded per step: each costs well under a millisecond to encode and hash. */
const ENCODE_BYTES = 64 * 1024;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the pieces into one buffer without holding the event loop for more than about
 * `sliceMs` at a time: the text is encoded and hashed 64 KB at a time as it comes, and between
 * slices every other callback runs (setImmediate comes after I/O). A 20,000-talk schedule
 * takes seconds to write; written in one go, it held every other request that long.
 */
export async function collectChunks(chunks: Iterable<string>, options: BuildExportOptions = {}): Promise<BuiltFile> {
  const { signal, sliceMs = 10 } = options;
  signal?.throwIfAborted();
  const hash = createHash('sha256');
  const buffers: Buffer[] = [];
  let pending: string[] = [];
  let pendingLength = 0;
  const encode = () => {
    const buffer = Buffer.from(pending.join(''), 'utf8');
    hash.update(buffer);
    buffers.push(buffer);
    pending = [];
    pendingLength = 0;
  };
  let since = performance.now();
  for (const chunk of chunks) {
    pending.push(chunk);
    pendingLength += chunk.length;
    if (pendingLength >= ENCODE_BYTES) encode();
    if (performance.now() - since >= sliceMs) {
      await pause();
      signal?.throwIfAborted();
      since = performance.now();
    }
  }
  encode();
  // One copy at the end: about 20 ms for 40 MB, so in a slice of its own.
  if (buffers.length > 1) {
    await pause();
    signal?.throwIfAborted();
  }
  return { body: buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers), sha256: hash.digest('base64url') };
}

/**
 * Builds an export as renderExport renders it, byte for byte, giving the event loop back
 * between pieces (see collectChunks); refuses a schedule export before the first release with
 * renderExport's NotFoundError.
 */
export function buildExport(
  exporter: Exporter,
  program: EventProgram,
  context: ExportContext,
  options: BuildExportOptions = {},
): Promise<BuiltFile> {
  if (exporter.requiresReleasedSchedule) requireSchedule(program);
  return collectChunks(exporter.chunks(program, context), options);
}
