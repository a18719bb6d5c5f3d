import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import addFormats from 'ajv-formats';
import { parse as parseCsvText } from 'csv-parse/sync';
import ICAL from 'ical.js';

/**
 * Validators for Lectern's exports, each against the real thing: xmllint with c3voc's XSD,
 * ajv with c3voc's JSON schema, ical.js plus the RFC 5545 rules it does not check, csv-parse.
 * Each returns the problems it found, [] when the file is valid, so a failing test says why.
 */

const CONFORMANCE = fileURLToPath(new URL('../fixtures/conformance/', import.meta.url));
export const FRAB_XSD = `${CONFORMANCE}schedule.xml.xsd`;
export const C3VOC_SCHEMA = `${CONFORMANCE}schema.json`;

/** xmllint --schema on the text; its error lines, [] when the document validates. */
export function validateFrabXml(xml: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('xmllint', ['--noout', '--nonet', '--schema', FRAB_XSD, '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stderr.split('\n').filter((line) => line.trim() !== '' && line.trim() !== '- validates');
      if (code === 0 && lines.length === 0) resolve([]);
      else resolve(lines.length > 0 ? lines : [`xmllint exited with ${code}`]);
    });
    child.stdin.on('error', () => {
      // xmllint may stop reading a document it cannot parse; its exit code tells the rest.
    });
    child.stdin.end(xml, 'utf8');
  });
}

let c3vocValidator: ValidateFunction | undefined;

function c3voc(): ValidateFunction {
  if (c3vocValidator) return c3vocValidator;
  // The schema is draft-06 and uses keywords of its own ($oneOf, $todo, deprecated): strict
  // mode would refuse them, and they carry no constraint.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats.default(ajv);
  // A format the schema names that ajv-formats does not know; the c3voc tools take CSS hex colours.
  ajv.addFormat('color', /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/);
  c3vocValidator = ajv.compile(JSON.parse(readFileSync(C3VOC_SCHEMA, 'utf8')) as object);
  return c3vocValidator;
}

/** ajv against c3voc's schema.json; "path: message" per error, [] when valid. */
export function validateC3vocJson(json: string | unknown): string[] {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (error) {
      return [`not JSON: ${(error as Error).message}`];
    }
  }
  const validate = c3voc();
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}

const encoder = new TextEncoder();

/**
 * An iCalendar file checked as RFC 5545 asks and ical.js does not: CRLF after every line,
 * the last included; no line over 75 octets (UTF-8 bytes); continuation lines that start with
 * one space and never split a character; no blank line; no control character in a value; then
 * parsed by ical.js, with DTSTART and DTEND in a zone that a VTIMEZONE of the file defines (or
 * UTC), DTEND after DTSTART, and one UID per event.
 */
export function validateICal(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\r\n')) problems.push('the last line does not end with CRLF');
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) problems.push('a line ends with a bare CR or LF instead of CRLF');
  const physical = text.replace(/\r\n$/, '').split('\r\n');
  physical.forEach((line, i) => {
    const octets = encoder.encode(line).length;
    if (octets > 75) problems.push(`line ${i + 1} is ${octets} octets long (at most 75)`);
    if (line === '') problems.push(`line ${i + 1} is empty`);
    // A fold inside a surrogate pair leaves a lone surrogate on each side.
    if (/\p{Cs}/u.test(line)) problems.push(`line ${i + 1} holds half a character (a fold split it)`);
    if (i === 0 && /^[ \t]/.test(line)) problems.push('the first line is a continuation line');
  });
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  unfolded
    .replace(/\r\n$/, '')
    .split('\r\n')
    .forEach((line, i) => {
      if (/[\u0000-\u0008\u000A-\u001F\u007F]/.test(line))
        problems.push(`content line ${i + 1} holds a control character`);
      if (!/^[A-Za-z0-9-]+[;:]/.test(line))
        problems.push(`content line ${i + 1} has no property name: ${line.slice(0, 40)}`);
    });
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    return [...problems, `ical.js cannot parse it: ${(error as Error).message}`];
  }
  if (calendar.name !== 'vcalendar') problems.push(`the top component is ${calendar.name}, not VCALENDAR`);
  for (const name of ['version', 'prodid']) {
    if (!calendar.getFirstPropertyValue(name)) problems.push(`VCALENDAR has no ${name.toUpperCase()}`);
  }
  const zones = new Map<string, ICAL.Timezone>();
  for (const component of calendar.getAllSubcomponents('vtimezone')) {
    const tzid = String(component.getFirstPropertyValue('tzid'));
    zones.set(tzid, new ICAL.Timezone({ component, tzid }));
  }
  const uids = new Set<string>();
  for (const event of calendar.getAllSubcomponents('vevent')) {
    const uid = String(event.getFirstPropertyValue('uid') ?? '');
    const where = `VEVENT ${uid || '(no UID)'}`;
    if (!uid) problems.push(`${where} has no UID`);
    else if (uids.has(uid)) problems.push(`${where}: UID appears twice`);
    uids.add(uid);
    if (!event.getFirstPropertyValue('dtstamp')) problems.push(`${where} has no DTSTAMP`);
    else if (!/^DTSTAMP:\d{8}T\d{6}Z$/m.test(unfolded)) problems.push(`${where}: DTSTAMP is not in UTC`);
    const instants: Date[] = [];
    for (const name of ['dtstart', 'dtend']) {
      const property = event.getFirstProperty(name);
      if (!property) {
        problems.push(`${where} has no ${name.toUpperCase()}`);
        continue;
      }
      const time = property.getFirstValue() as ICAL.Time;
      const tzid = property.getParameter('tzid');
      if (typeof tzid === 'string') {
        const zone = zones.get(tzid);
        if (!zone) {
          problems.push(`${where}: ${name.toUpperCase()} names zone ${tzid}, which no VTIMEZONE defines`);
          continue;
        }
        time.zone = zone;
      } else if (!time.zone || time.zone.tzid !== 'UTC') {
        problems.push(`${where}: ${name.toUpperCase()} is a floating time (neither TZID nor UTC)`);
        continue;
      }
      instants.push(time.toJSDate());
    }
    if (instants.length === 2 && instants[1]!.getTime() <= instants[0]!.getTime()) {
      problems.push(`${where}: DTEND is not after DTSTART`);
    }
  }
  return problems;
}

/** The events of a calendar as instants, each zone resolved through the file's own VTIMEZONE. */
export function icalEvents(text: string): { uid: string; summary: string; start: Date; end: Date }[] {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const zones = new Map<string, ICAL.Timezone>();
  for (const component of calendar.getAllSubcomponents('vtimezone')) {
    const tzid = String(component.getFirstPropertyValue('tzid'));
    zones.set(tzid, new ICAL.Timezone({ component, tzid }));
  }
  const instant = (property: ICAL.Property | null): Date => {
    const time = property!.getFirstValue() as ICAL.Time;
    const tzid = property!.getParameter('tzid');
    if (typeof tzid === 'string') time.zone = zones.get(tzid)!;
    return time.toJSDate();
  };
  return calendar.getAllSubcomponents('vevent').map((event) => ({
    uid: String(event.getFirstPropertyValue('uid')),
    summary: String(event.getFirstPropertyValue('summary') ?? ''),
    start: instant(event.getFirstProperty('dtstart')),
    end: instant(event.getFirstProperty('dtend')),
  }));
}

/** The records of a CSV file (header row first), read strictly: every record as long as the header. */
export function parseCsv(text: string): string[][] {
  return parseCsvText(text, { bom: true, relax_column_count: false, skip_empty_lines: false }) as string[][];
}

/** Lectern's talks.csv as RFC 4180 and spreadsheets want it: BOM, CRLF records, one header row. */
export function validateCsv(text: string, columns: readonly string[]): string[] {
  const problems: string[] = [];
  if (!text.startsWith('\uFEFF')) problems.push('no UTF-8 byte order mark');
  if (!text.endsWith('\r\n')) problems.push('the last record does not end with CRLF');
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    return [...problems, `csv-parse cannot read it: ${(error as Error).message}`];
  }
  if (JSON.stringify(records[0]) !== JSON.stringify(columns)) {
    problems.push(`the header is ${JSON.stringify(records[0])}, not ${JSON.stringify(columns)}`);
  }
  records.slice(1).forEach((record, i) => {
    const risky = record.findIndex((cell) => /^[=+\-@\t\r]/.test(cell));
    if (risky >= 0) problems.push(`record ${i + 2}, column ${columns[risky]} starts like a formula`);
  });
  return problems;
}
