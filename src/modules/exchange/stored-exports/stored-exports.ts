import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { Database } from '../../../db/client.js';
import type { EventProgram } from '../../agenda/index.js';
import { buildExport } from '../exporters/build-export.js';
import type { ExportContext, Exporter } from '../exporters/exporter.js';
import { requireSchedule } from '../exporters/schedule-parts.js';
import {
  findStoredExport,
  readStoredSlice,
  storeExport,
  type StoredColumn,
  type StoredExportKey,
  type StoredForms,
} from './stored-exports.queries.js';

/**
 * Moved whenever an exporter writes other bytes for the same program, so that the files stored
 * by an older Lectern are not served by a newer one (during a rolling upgrade each serves its
 * own): it is part of every stored export's variant.
 */
export const EXPORTS_REVISION = 1;

export type ExportEncoding = 'identity' | 'gzip' | 'br';

/** An export of one program version, as the routes serve it. */
export interface StoredExport {
  etag: string;
  /** The bytes of each form; gzip and br are undefined when they would not be smaller than the file. */
  sizes: Record<ExportEncoding, number | undefined> & { identity: number };
  /**
   * The bytes of a form the file has: whole when they are in memory, else read from the
   * database a slice at a time as the answer is written (so a 40 MB file never sits in memory
   * for a slow client). The pieces stop with an error if the row is deleted meanwhile.
   */
  read(encoding: ExportEncoding): Buffer | AsyncIterable<Buffer>;
}

export interface ExportStoreOptions {
  /** LECTERN_PUBLIC_URL: links in the files start with it. */
  publicUrl: string;
  /** A file is kept in memory whole when all its forms together are at most this (default 1 MiB). */
  keepBytes?: number;
  /** All files kept in memory together are at most this (default 32 MiB). */
  memoryBytes?: number;
  /** Bytes read per query when a file is sent from the database (default 1 MiB). */
  sliceBytes?: number;
  /** How long a build holds the event loop before it gives it back (buildExport's sliceMs). */
  buildSliceMs?: number;
  /**
   * Told when the database could not be asked for a stored export or could not store one: the
   * file is then built and served all the same (the program is in memory, as for every public
   * page), just not shared. Defaults to nothing.
   */
  onStoreError?: (error: unknown) => void;
}

/** How many exports' ETags and sizes are remembered (a few hundred bytes each). */
const MAX_ENTRIES = 512;
const MiB = 1024 * 1024;
/** Below this, compression costs more than it saves. */
const MIN_COMPRESS_BYTES = 512;

const gzipLater = promisify(gzip);
const brotliLater = promisify(brotliCompress);

/**
 * The quality a body of `bytes` is compressed at, on libuv's thread pool: built once per program
 * version and stored, a file can take the best for small sizes, but brotli's quality 11 costs
 * about 1 ms per KB (37 s for 20 MB) and 5 a fiftieth of that for 3 % more bytes.
 */
export function compressionFor(bytes: number): { brotliQuality: number; gzipLevel: number } {
  if (bytes <= 128 * 1024) return { brotliQuality: 11, gzipLevel: 9 };
  if (bytes <= 2 * MiB) return { brotliQuality: 7, gzipLevel: 9 };
  return { brotliQuality: 5, gzipLevel: 6 };
}

async function compress(body: Buffer): Promise<{ gzip: Buffer | undefined; br: Buffer | undefined }> {
  if (body.length < MIN_COMPRESS_BYTES) return { gzip: undefined, br: undefined };
  const { brotliQuality, gzipLevel } = compressionFor(body.length);
  // Output comes back in 64 KB pieces: one callback each on the event loop.
  const chunkSize = 64 * 1024;
  const [gzipped, brotlied] = await Promise.all([
    gzipLater(body, { level: gzipLevel, chunkSize }),
    brotliLater(body, {
      chunkSize,
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: brotliQuality,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  ]);
  return {
    gzip: gzipped.length < body.length ? gzipped : undefined,
    br: brotlied.length < body.length ? brotlied : undefined,
  };
}

/** What the store knows of one export of one loaded program. */
interface Entry {
  /** The stored row; undefined when the file was built but not stored (a newer version was). */
  rowId: number | undefined;
  etag: string;
  sizes: StoredExport['sizes'];
  /** The forms, when in memory. */
  forms: StoredForms | undefined;
}

/** A lookup or build under way, shared by every request that waits for it. */
interface Job {
  promise: Promise<Entry>;
  controller: AbortController;
  waiting: number;
}

const COLUMN: Record<ExportEncoding, StoredColumn> = { identity: 'body', gzip: 'gzip', br: 'br' };

/**
 * The exports of the published programs, built once per program version and stored in the
 * database (stored_exports), where every app instance finds them. The first request for a
 * version builds it (one build at a time per export in a process, the event loop given back
 * every few milliseconds, compression on the thread pool); a build stops when no request waits
 * for it any more. Small files are also kept in memory; large ones are sent from the database
 * a slice at a time.
 */
export class ExportStore {
  readonly #db: Database;
  readonly #context: ExportContext;
  readonly #variant: string;
  readonly #keepBytes: number;
  readonly #memoryBytes: number;
  readonly #sliceBytes: number;
  readonly #buildSliceMs: number | undefined;
  readonly #onStoreError: (error: unknown) => void;
  /** In order of use: the first is the least recently asked for. */
  #entries = new Map<string, Entry>();
  #keptBytes = 0;
  #jobs = new Map<string, Job>();
  #builds = 0;

  constructor(db: Database, options: ExportStoreOptions) {
    this.#db = db;
    this.#context = { publicUrl: options.publicUrl };
    this.#variant = `${EXPORTS_REVISION}|${options.publicUrl}`;
    this.#keepBytes = options.keepBytes ?? MiB;
    this.#memoryBytes = options.memoryBytes ?? 32 * MiB;
    this.#sliceBytes = options.sliceBytes ?? MiB;
    this.#buildSliceMs = options.buildSliceMs;
    this.#onStoreError = options.onStoreError ?? (() => {});
  }

  /** Exports this process built since it started (each stored, or found stored by then). */
  get builds(): number {
    return this.#builds;
  }

  /**
   * The export of the program's version: from memory, else the database, else built and stored.
   * A schedule export before the first release is a NotFoundError, as renderExport's. `signal`
   * says the asker went away: it stops waiting at once, and a build nobody else waits for stops
   * at its next pause.
   */
  async file(program: EventProgram, exporter: Exporter, signal?: AbortSignal): Promise<StoredExport> {
    if (exporter.requiresReleasedSchedule) requireSchedule(program);
    // The agenda's load counter, not the program version alone: a program loaded again (the
    // database put back in tests, say) is asked of the database again.
    const memoryKey = `${program.id}|${program.version}|${exporter.identifier}`;
    const known = this.#entries.get(memoryKey);
    if (known) {
      this.#entries.delete(memoryKey);
      this.#entries.set(memoryKey, known);
      return this.#served(known);
    }
    const key: StoredExportKey = {
      eventId: program.id,
      programVersion: program.programVersion,
      format: exporter.identifier,
      variant: this.#variant,
    };
    const entry = await this.#join(memoryKey, (jobSignal) => this.#resolve(key, program, exporter, jobSignal), signal);
    return this.#served(entry);
  }

  async #resolve(key: StoredExportKey, program: EventProgram, exporter: Exporter, signal: AbortSignal): Promise<Entry> {
    const found = await findStoredExport(this.#db, key, this.#keepBytes).catch((error: unknown) => {
      this.#onStoreError(error);
      return undefined;
    });
    if (found) return { rowId: found.id, etag: found.etag, sizes: found.sizes, forms: found.forms };
    signal.throwIfAborted();
    this.#builds++;
    const built = await buildExport(exporter, program, this.#context, { signal, sliceMs: this.#buildSliceMs });
    const compressed = await compress(built.body);
    signal.throwIfAborted();
    const etag = `W/"${built.sha256.slice(0, 27)}"`;
    const forms: StoredForms = { body: built.body, ...compressed };
    const rowId = await storeExport(this.#db, key, { etag, ...forms }).catch((error: unknown) => {
      this.#onStoreError(error);
      return undefined;
    });
    return {
      rowId,
      etag,
      sizes: { identity: forms.body.length, gzip: forms.gzip?.length, br: forms.br?.length },
      forms,
    };
  }

  /**
   * Joins the job under `memoryKey`, starting it if there is none. The job is aborted when the
   * last of its askers leaves; one who leaves is answered at once with their signal's reason.
   */
  #join(
    memoryKey: string,
    start: (signal: AbortSignal) => Promise<Entry>,
    signal: AbortSignal | undefined,
  ): Promise<Entry> {
    signal?.throwIfAborted();
    let job = this.#jobs.get(memoryKey);
    if (!job) {
      const controller = new AbortController();
      const started: Job = {
        controller,
        waiting: 0,
        promise: start(controller.signal).then((entry) => {
          if (this.#jobs.get(memoryKey) === started) this.#remember(memoryKey, entry);
          return entry;
        }),
      };
      const settled = () => {
        if (this.#jobs.get(memoryKey) === started) this.#jobs.delete(memoryKey);
      };
      // Nobody may be left to see a failure: it must not count as unhandled.
      started.promise.then(settled, settled);
      this.#jobs.set(memoryKey, started);
      job = started;
    }
    const joined = job;
    joined.waiting++;
    return new Promise<Entry>((resolve, reject) => {
      const leave = () => {
        joined.waiting--;
        if (joined.waiting === 0 && !joined.controller.signal.aborted) {
          if (this.#jobs.get(memoryKey) === joined) this.#jobs.delete(memoryKey);
          joined.controller.abort(signal!.reason);
        }
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', leave, { once: true });
      joined.promise.then(
        (entry) => {
          signal?.removeEventListener('abort', leave);
          resolve(entry);
        },
        (error: unknown) => {
          signal?.removeEventListener('abort', leave);
          reject(error as Error);
        },
      );
    });
  }

  #remember(memoryKey: string, entry: Entry): void {
    const bytes = formsBytes(entry.forms);
    const keep = entry.forms !== undefined && bytes <= this.#keepBytes;
    // A large file not stored cannot be read again: it is built again next time.
    if (!keep && entry.rowId === undefined) return;
    const remembered: Entry = keep ? entry : { ...entry, forms: undefined };
    this.#entries.set(memoryKey, remembered);
    if (keep) this.#keptBytes += bytes;
    for (const [oldest, old] of this.#entries) {
      if (this.#entries.size <= MAX_ENTRIES && this.#keptBytes <= this.#memoryBytes) break;
      if (oldest === memoryKey) continue;
      this.#entries.delete(oldest);
      this.#keptBytes -= formsBytes(old.forms);
    }
  }

  #served(entry: Entry): StoredExport {
    return {
      etag: entry.etag,
      sizes: entry.sizes,
      read: (encoding) => {
        const { forms } = entry;
        if (forms) {
          const form = encoding === 'identity' ? forms.body : forms[encoding];
          if (!form) throw new Error(`the export has no ${encoding} form`);
          return form;
        }
        return this.#slices(entry.rowId!, encoding, entry.sizes[encoding]!);
      },
    };
  }

  async *#slices(rowId: number, encoding: ExportEncoding, size: number): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < size; offset += this.#sliceBytes) {
      const slice = await readStoredSlice(this.#db, rowId, COLUMN[encoding], offset, this.#sliceBytes);
      if (!slice) throw new Error('the stored export was replaced by a newer one while being sent');
      yield slice;
    }
  }
}

function formsBytes(forms: StoredForms | undefined): number {
  return forms ? forms.body.length + (forms.gzip?.length ?? 0) + (forms.br?.length ?? 0) : 0;
}
