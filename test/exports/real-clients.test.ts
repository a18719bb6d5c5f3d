import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEventProgram } from '../../src/modules/agenda/event-program.js';
import { findExporter, renderExport } from '../../src/modules/exchange/exporters/registry.js';
import { importSchedule } from '../../src/modules/exchange/schedule-import/import-schedule.js';
import type { ScheduleFormat } from '../../src/modules/exchange/schedule-import/imported-schedule.js';
import { resetDatabase, testDatabase } from '../helpers/database.js';
import { C3VOC_SCHEMA, validateFrabXml } from '../helpers/export-validators.js';

/**
 * Lectern's exports of real schedules, read by the parsers other software uses rather than by
 * our own: Python's csv and icalendar (Debian's python3-icalendar, as khal uses), xml.etree,
 * jsonschema (python3-jsonschema) and xmllint --schema. Every talk is compared with the source
 * file: its local start time (in the source's zone), duration, room, persons' GUIDs, type and
 * language. The check by hand in ConfClerk and khal is in docs/real-clients.md.
 */

/** Debian's Python, which has icalendar and jsonschema (a pyenv python3 on PATH may not). */
const PYTHON = '/usr/bin/python3';
const READER = fileURLToPath(new URL('read_exports.py', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../fixtures/conformance/samples/', import.meta.url));
const CONTEXT = { publicUrl: 'https://lectern.example.org' };

function runningInCi(): boolean {
  const value = process.env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/**
 * Whether the real parsers are here. Without them a developer's run skips this suite, saying
 * so; CI must never pass without it, so there a missing one fails the run.
 */
function realClientsAvailable(): boolean {
  const missing: string[] = [];
  if (spawnSync(PYTHON, ['-c', 'import icalendar, jsonschema']).status !== 0)
    missing.push(`${PYTHON} with icalendar and jsonschema (apt-get install python3-icalendar python3-jsonschema)`);
  if (spawnSync('xmllint', ['--version']).status !== 0) missing.push('xmllint (apt-get install libxml2-utils)');
  if (missing.length === 0) return true;
  if (runningInCi()) {
    throw new Error(
      `The real-client export tests cannot run, and CI is set, so they may not be skipped: no ${missing.join('; no ')}.`,
    );
  }
  console.warn(`\nReal-client export tests SKIPPED: no ${missing.join('; no ')}.\n`);
  return false;
}

interface ReadTalk {
  guid: string;
  start: string;
  minutes: number;
  room: string;
  type?: string;
  language?: string;
  persons?: string[];
}

interface Read {
  talks: ReadTalk[];
  errors?: string[];
  rows?: number;
}

const execFileAsync = promisify(execFile);

async function read(kind: 'frab' | 'c3voc' | 'ical' | 'csv', ...args: string[]): Promise<Read> {
  const { stdout } = await execFileAsync(PYTHON, [READER, kind, ...args], { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(stdout) as Read;
}

/** One field of every talk, by guid: what a comparison of two files shows best. */
function byGuid<K extends keyof ReadTalk>(talks: ReadTalk[], ...fields: K[]): Record<string, unknown> {
  return Object.fromEntries(
    talks.map((talk) => [talk.guid, fields.length === 1 ? talk[fields[0]!] : fields.map((field) => talk[field])]),
  );
}

const SOURCES: {
  name: string;
  slug: string;
  format: ScheduleFormat;
  file: string;
  reader: 'frab' | 'c3voc';
  talks: number;
}[] = [
  {
    name: '38C3 (frab XML)',
    slug: '38c3',
    format: 'frab',
    file: 'schedule-38c3-20251206.xml',
    reader: 'frab',
    talks: 1007,
  },
  {
    name: 'the rC3-like pretalx schedule.json',
    slug: 'rc3',
    format: 'schedule-json',
    file: 'rc3-like.json',
    reader: 'c3voc',
    talks: 12,
  },
];

describe.skipIf(!realClientsAvailable()).each(SOURCES)('$name, exported and read by real clients', (source) => {
  let dir: string;
  let original: Read;
  let xml: Read;
  let xmlProblems: string[];
  let json: Read;
  let ics: Read;
  let csv: Read;

  beforeAll(async () => {
    const { db } = await testDatabase();
    await resetDatabase(db);
    await importSchedule(db, {
      format: source.format,
      content: readFileSync(path.join(SAMPLES, source.file)),
      eventSlug: source.slug,
      fileName: source.file,
    });
    const program = (await loadEventProgram(db, source.slug))!;
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-real-clients-'));
    const files: Record<string, string> = {};
    for (const format of ['frab-xml', 'c3voc-json', 'ical', 'csv']) {
      const exporter = findExporter(format)!;
      files[format] = path.join(dir, exporter.fileName);
      writeFileSync(files[format], renderExport(exporter, program, CONTEXT));
    }
    await resetDatabase(db);
    [original, xml, xmlProblems, json, ics, csv] = await Promise.all([
      read(source.reader, path.join(SAMPLES, source.file)),
      read('frab', files['frab-xml']!),
      validateFrabXml(readFileSync(files['frab-xml']!, 'utf8')),
      read('c3voc', files['c3voc-json']!, C3VOC_SCHEMA),
      read('ical', files.ical!),
      read('csv', files.csv!),
    ]);
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives a schedule.xml that xmllint validates against the XSD, and a schedule.json that jsonschema validates', () => {
    expect(xmlProblems).toEqual([]);
    expect(json.errors).toEqual([]);
  });

  it("gives a talks.csv that Python's csv reads as one row per talk of the source", () => {
    expect(original.talks).toHaveLength(source.talks);
    expect(csv.rows).toBe(source.talks);
    expect(Object.keys(byGuid(csv.talks, 'guid')).sort()).toEqual(Object.keys(byGuid(original.talks, 'guid')).sort());
  });

  it("keeps every talk's local start time and duration, as the source has them, in every export", () => {
    const expected = byGuid(original.talks, 'start', 'minutes');
    expect(byGuid(xml.talks, 'start', 'minutes')).toEqual(expected);
    expect(byGuid(json.talks, 'start', 'minutes')).toEqual(expected);
    expect(byGuid(ics.talks, 'start', 'minutes')).toEqual(expected);
    expect(byGuid(csv.talks, 'start', 'minutes')).toEqual(expected);
  });

  it("keeps every talk's room in every export", () => {
    const expected = byGuid(original.talks, 'room');
    for (const exported of [xml, json, ics, csv]) expect(byGuid(exported.talks, 'room')).toEqual(expected);
  });

  it("keeps every person's GUID", () => {
    const expected = byGuid(original.talks, 'persons');
    expect(byGuid(xml.talks, 'persons')).toEqual(expected);
    expect(byGuid(json.talks, 'persons')).toEqual(expected);
  });

  it("keeps every talk's type", () => {
    const expected = byGuid(original.talks, 'type');
    expect(byGuid(xml.talks, 'type')).toEqual(expected);
    expect(byGuid(json.talks, 'type')).toEqual(expected);
  });

  it("keeps every talk's language as the source gives it", () => {
    const expected = byGuid(original.talks, 'language');
    expect(byGuid(xml.talks, 'language')).toEqual(expected);
    expect(byGuid(json.talks, 'language')).toEqual(expected);
    expect(byGuid(csv.talks, 'language')).toEqual(expected);
  });
});
