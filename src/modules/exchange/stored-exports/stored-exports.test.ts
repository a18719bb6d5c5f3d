import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.js';
import { events, storedExports } from '../../../db/schema.js';
import type { EventProgram } from '../../agenda/index.js';
import { importPyBay } from '../../../../test/helpers/app.js';
import { testDatabase } from '../../../../test/helpers/database.js';
import { EXPORT_CONTEXT, program } from '../../../../test/helpers/export-fixtures.js';
import { scheduleAndRelease } from '../../../../test/helpers/schedule.js';
import { buildExport } from '../exporters/build-export.js';
import { findExporter, renderExport } from '../exporters/registry.js';
import { compressionFor, ExportStore, type StoredExport } from './stored-exports.js';

const xml = findExporter('frab-xml')!;
const csv = findExporter('csv')!;
let loads = 0;

/** PyBay released, loaded as the agenda loads it (each load with its own version). */
async function releasedPyBay(): Promise<{ db: Database; pybay: EventProgram }> {
  const { db } = await testDatabase();
  await importPyBay(db);
  await scheduleAndRelease(db, { eventSlug: 'pybay-2016', dates: ['2016-08-20', '2016-08-21'], lunch: true });
  return { db, pybay: await reloaded(db) };
}

async function reloaded(db: Database): Promise<EventProgram> {
  const loaded = await program(db, 'pybay-2016');
  loaded.version = ++loads;
  return loaded;
}

async function bytesOf(file: StoredExport, encoding: 'identity' | 'gzip' | 'br' = 'identity'): Promise<Buffer> {
  const body = file.read(encoding);
  if (Buffer.isBuffer(body)) return body;
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

function rows(db: Database) {
  return db
    .select({ format: storedExports.format, programVersion: storedExports.programVersion })
    .from(storedExports)
    .orderBy(asc(storedExports.id));
}

describe('buildExport', () => {
  it('builds the bytes renderExport renders, with their SHA-256, pausing after every piece when asked to', async () => {
    const { pybay } = await releasedPyBay();
    let pauses = 0;
    const counting = setInterval(() => pauses++, 0);

    const built = await buildExport(xml, pybay, EXPORT_CONTEXT, { sliceMs: 0 });
    clearInterval(counting);

    expect(built.body.toString('utf8')).toBe(renderExport(xml, pybay, EXPORT_CONTEXT));
    expect(built.sha256).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Timers ran while it built: it gave the event loop back.
    expect(pauses).toBeGreaterThan(0);
  });

  it('stops at its next pause once its signal is aborted', async () => {
    const { pybay } = await releasedPyBay();
    const controller = new AbortController();
    const reason = new Error('gone');

    const building = buildExport(xml, pybay, EXPORT_CONTEXT, { signal: controller.signal, sliceMs: 0 });
    controller.abort(reason);

    await expect(building).rejects.toBe(reason);
  });
});

describe('ExportStore', () => {
  it('sends a large file from the database a slice at a time, each form whole in the end', async () => {
    const { db, pybay } = await releasedPyBay();
    const store = new ExportStore(db, { ...EXPORT_CONTEXT, keepBytes: 0, sliceBytes: 1000 });
    await store.file(pybay, xml);

    const file = await store.file(await reloaded(db), xml);

    expect(store.builds).toBe(1);
    const body = file.read('identity');
    expect(Buffer.isBuffer(body)).toBe(false);
    const slices: Buffer[] = [];
    for await (const slice of body as AsyncIterable<Buffer>) slices.push(slice);
    expect(slices.length).toBe(Math.ceil(file.sizes.identity / 1000));
    expect(Buffer.concat(slices).toString('utf8')).toBe(renderExport(xml, pybay, EXPORT_CONTEXT));
    expect((await bytesOf(file, 'br')).length).toBe(file.sizes.br);
    expect((await bytesOf(file, 'gzip')).length).toBe(file.sizes.gzip);
  });

  it('builds once for requests that arrive together, and goes on for those still waiting when one leaves', async () => {
    const { db, pybay } = await releasedPyBay();
    const store = new ExportStore(db, { ...EXPORT_CONTEXT, buildSliceMs: 0 });
    const leaving = new AbortController();
    const reason = new Error('the client went away');

    const first = store.file(pybay, xml, leaving.signal);
    const second = store.file(pybay, xml, new AbortController().signal);
    leaving.abort(reason);

    await expect(first).rejects.toBe(reason);
    const file = await second;
    expect((await bytesOf(file)).toString('utf8')).toBe(renderExport(xml, pybay, EXPORT_CONTEXT));
    expect(store.builds).toBe(1);
    expect(await rows(db)).toEqual([{ format: 'frab-xml', programVersion: pybay.programVersion }]);
  });

  it('stops a build nobody waits for any more, storing nothing, and builds it again when asked again', async () => {
    const { db, pybay } = await releasedPyBay();
    const store = new ExportStore(db, { ...EXPORT_CONTEXT, buildSliceMs: 0 });
    const leaving = new AbortController();

    const abandoned = store.file(pybay, xml, leaving.signal);
    // Once the build is under way (after the lookup): it checks its signal at each of its ~40 pauses.
    while (store.builds === 0) await new Promise((resolve) => setImmediate(resolve));
    leaving.abort(new Error('gone'));
    await expect(abandoned).rejects.toThrow('gone');
    // Long enough for a build that did not stop to have stored its file.
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await rows(db)).toEqual([]);
    const file = await store.file(pybay, xml);
    expect((await bytesOf(file)).toString('utf8')).toBe(renderExport(xml, pybay, EXPORT_CONTEXT));
    expect(store.builds).toBe(2);
  });

  it('serves, without storing it, a file built from a program a newer version has replaced', async () => {
    const { db, pybay } = await releasedPyBay();
    const current = await reloaded(db);
    const stale = { ...pybay, programVersion: pybay.programVersion - 1, version: ++loads };
    const store = new ExportStore(db, EXPORT_CONTEXT);
    await store.file(current, xml);

    const file = await store.file(stale, xml);

    expect((await bytesOf(file)).toString('utf8')).toBe(renderExport(xml, stale, EXPORT_CONTEXT));
    expect(await rows(db)).toEqual([{ format: 'frab-xml', programVersion: current.programVersion }]);
  });

  it('says so when the row it sends from is deleted by a newer version meanwhile', async () => {
    const { db, pybay } = await releasedPyBay();
    const store = new ExportStore(db, { ...EXPORT_CONTEXT, keepBytes: 0, sliceBytes: 1000 });
    await store.file(pybay, xml);
    const file = await store.file(await reloaded(db), xml);
    const slices = (file.read('identity') as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    await slices.next();

    await db.delete(storedExports);

    await expect(slices.next()).rejects.toThrow('the stored export was replaced by a newer one while being sent');
  });

  it('keeps its files apart from another public address’s', async () => {
    const { db, pybay } = await releasedPyBay();
    const other = new ExportStore(db, { publicUrl: 'https://elsewhere.example.org' });
    await new ExportStore(db, EXPORT_CONTEXT).file(pybay, xml);

    const file = await other.file(pybay, xml);

    expect(other.builds).toBe(1);
    expect((await bytesOf(file)).toString('utf8')).toContain('https://elsewhere.example.org/pybay-2016/talks/');
    expect(await rows(db)).toHaveLength(2);
  });

  it('serves the file it built when it cannot store it, and says why', async () => {
    const { db, pybay } = await releasedPyBay();
    const errors: unknown[] = [];
    const store = new ExportStore(db, { ...EXPORT_CONTEXT, onStoreError: (error) => errors.push(error) });
    // The event gone from the database while its program is still in memory: the row has nothing to belong to.
    await db.delete(events).where(eq(events.slug, 'pybay-2016'));

    const file = await store.file(pybay, xml);

    expect((await bytesOf(file)).toString('utf8')).toBe(renderExport(xml, pybay, EXPORT_CONTEXT));
    expect(errors).toHaveLength(1);
    expect(await rows(db)).toEqual([]);
  });

  it('deletes the event’s stored files with the event', async () => {
    const { db, pybay } = await releasedPyBay();
    await new ExportStore(db, EXPORT_CONTEXT).file(pybay, csv);

    await db.delete(events).where(eq(events.slug, 'pybay-2016'));

    expect(await rows(db)).toEqual([]);
  });
});

describe('compressionFor', () => {
  it('spends brotli’s best on small files only, and at most quality 5 on large ones', () => {
    expect(compressionFor(100 * 1024)).toEqual({ brotliQuality: 11, gzipLevel: 9 });
    expect(compressionFor(1024 * 1024)).toEqual({ brotliQuality: 7, gzipLevel: 9 });
    expect(compressionFor(40 * 1024 * 1024)).toEqual({ brotliQuality: 5, gzipLevel: 6 });
  });
});
