import { isUtf8 } from 'node:buffer';
import { DateTime, Duration, IANAZone } from 'luxon';
import { InvalidInputError } from '../../../shared/errors.js';
import { isValidTimeZone, parseIsoDateTime } from '../../../shared/time.js';
import { speakerNameKey, trackNameKey } from '../../program/names.js';
import { uuidV5 } from '../exporters/schedule-parts.js';

/**
 * A schedule read from a file, whatever its format: what the writer puts into an event. Each
 * parser (frab XML, schedule JSON) reads its format into a ScheduleBuilder, which applies the
 * rules every format shares (identity, skipping what cannot be placed, reporting where).
 */

export type ScheduleFormat = 'frab' | 'schedule-json';

export const FORMAT_NAMES: Record<ScheduleFormat, string> = {
  frab: 'frab XML',
  'schedule-json': 'schedule JSON',
};

export const UNTITLED_TALK = 'Untitled talk';
export const MISSING_TITLE = 'missing title';

/** Something in the file that was skipped or adjusted; `where` is a line and element path, or a JSON pointer. */
export interface ImportProblem {
  where: string;
  message: string;
}

/** One kind of thing the file holds that Lectern does not keep (or keeps differently), counted once. */
export interface ImportNote {
  message: string;
  count: number;
  /** The first few places, to look at. */
  where: string[];
}

export interface ImportedConference {
  title: string;
  acronym: string;
  /**
   * A valid IANA zone: the one the import was given, else the file's, else one inferred from the
   * file's UTC offsets (a warning says which and why); undefined when the file names an unknown
   * one (a warning says so).
   */
  timezone: string | undefined;
  /** The file's version, as a release name. */
  version: string | undefined;
}

export interface ImportedDay {
  where: string;
  /** YYYY-MM-DD. */
  date: string;
  start: Date;
  end: Date;
}

export interface ImportedRoom {
  where: string;
  name: string;
  /** Lower-case UUID, when the file gives a valid one. */
  guid: string | undefined;
  /** Undefined: the file does not say (an existing room keeps its own). */
  capacity: number | null | undefined;
  description: string | undefined;
}

export interface ImportedPerson {
  name: string;
  /** Undefined when the file gives none: an existing speaker keeps theirs. */
  biography: string | undefined;
}

export interface ImportedTalk {
  where: string;
  /** The file's guid (lower-case), or one derived from the conference and the talk's id (see deriveGuid). */
  guid: string;
  title: string;
  /** Reasons an organiser should look at the talk (a missing title). */
  attention: string[];
  /** Lectern's short pitch: the file's `abstract`. */
  description: string;
  /** Lectern's longer text: the file's `description`. */
  abstract: string;
  track: string | undefined;
  /** ISO 639-1. */
  language: string | undefined;
  room: string;
  start: Date;
  durationMinutes: number;
  persons: ImportedPerson[];
  /**
   * The speakers' recording choice (frab `<recording><optout>`, JSON `do_not_record`): true,
   * opted out; false, agreed; undefined when the file does not say (a new talk stores null, one
   * found again keeps what Lectern knows, so that an organiser's entry survives a re-import).
   */
  doNotRecord: boolean | undefined;
}

export interface ImportedSchedule {
  format: ScheduleFormat;
  conference: ImportedConference;
  days: ImportedDay[];
  /** In the file's order. */
  rooms: ImportedRoom[];
  /** Track names in the file's order: declared ones first, then any only talks name. */
  tracks: string[];
  /** In the file's order. */
  talks: ImportedTalk[];
  warnings: ImportProblem[];
  notes: ImportNote[];
}

/** What an import is told beside the file. */
export interface ScheduleParseOptions {
  /** An IANA zone for the event, over the file's time_zone_name or the zone its offsets suggest. */
  timezone?: string | undefined;
}

/** A file that is not a schedule at all: refused whole, naming where. */
export class ScheduleFileError extends InvalidInputError {
  override name = 'ScheduleFileError';
}

/**
 * Lectern's namespace for UUID v5 talk guids: a talk without a valid guid in its file gets
 * uuidV5(`${conference acronym or title}/${talk id}`, SCHEDULE_IMPORT_NAMESPACE), the same on
 * every import of the file, so that re-importing updates it in place.
 */
export const SCHEDULE_IMPORT_NAMESPACE = '800bf210-2e97-4357-b20f-0942dc5f418a';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string | undefined): value is string {
  return value !== undefined && UUID.test(value);
}

/** Bytes or text as text: UTF-8 (a BOM dropped), or the encoding an XML declaration names. */
export function decodeScheduleFile(content: string | Uint8Array, xmlEncoding = false): string {
  if (typeof content === 'string') return content.replace(/^\uFEFF/, '');
  const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (xmlEncoding) {
    const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
      buffer.subarray(0, 200).toString('latin1'),
    );
    const encoding = declared?.[1]?.toLowerCase();
    if (encoding && encoding !== 'utf-8' && encoding !== 'utf8') {
      try {
        return new TextDecoder(encoding).decode(buffer);
      } catch {
        throw new ScheduleFileError(
          `the XML declaration names the encoding "${declared![1]}", which Lectern cannot read`,
          'line 1',
        );
      }
    }
  }
  if (!isUtf8(buffer)) {
    let offset = 0;
    while (isUtf8(buffer.subarray(0, offset + 1))) offset++;
    const line = buffer.subarray(0, offset).toString('utf8').split('\n').length;
    throw new ScheduleFileError('is not UTF-8 text; save the file as UTF-8 and import it again', `line ${line}`);
  }
  return buffer.toString('utf8').replace(/^\uFEFF/, '');
}

/** Line numbers of offsets into a text, found by binary search over its line starts. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  lineAt(offset: number): number {
    this.starts ??= lineStarts(this.text);
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  /** Line and column (from 1) of an offset. */
  position(offset: number): { line: number; column: number } {
    const line = this.lineAt(offset);
    return { line, column: offset - this.starts![line - 1]! + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A multi-line text as Lectern keeps it: \n line ends, no NUL (PostgreSQL cannot store it), trimmed. */
export function cleanText(value: string | undefined): string {
  if (value === undefined) return '';
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/\u0000/g, '')
    .trim();
}

/** One line: a title, a name. */
export function cleanLine(value: string | undefined): string {
  return cleanText(value).replace(/\s+/g, ' ');
}

/** "00:30", "1:30", "01:30:00" or an ISO 8601 duration ("PT1H30M") → whole minutes; undefined if none. */
export function parseDurationMinutes(value: string): number | undefined {
  const clock = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/.exec(value.trim());
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]) + Math.round(Number(clock[3] ?? 0) / 60);
  const iso = Duration.fromISO(value.trim());
  return iso.isValid ? Math.round(iso.as('minutes')) : undefined;
}

/** An ISO 8601 date-time → the instant; a time without an offset is read in `zone`; undefined if none or invalid. */
export function parseInstant(value: string | undefined, zone: string): Date | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    return parseIsoDateTime(value, zone, 'date').toJSDate();
  } catch (error) {
    if (error instanceof InvalidInputError) return undefined;
    throw error;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A date-time that states a local time's offset (+01:00, +0100, +01). A time in UTC (Z) states
 * an instant only: files that name their zone write them too.
 */
const WITH_OFFSET = /T.*[+-]\d{2}(?::?\d{2})?$/;

/** An instant the file gives with its UTC offset, in minutes, and where. */
export interface FileOffset {
  at: number;
  minutes: number;
  where: string;
}

/** +60 → "+01:00". */
function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/**
 * The fixed-offset zone of a UTC offset: UTC, or an Etc/GMT zone for a whole number of hours
 * (whose sign is inverted, POSIX-style: Etc/GMT-1 is UTC+01:00); undefined for an offset no
 * Etc zone has (+05:30, +05:45).
 */
export function fixedOffsetZone(minutes: number): string | undefined {
  if (minutes === 0) return 'UTC';
  const hours = minutes / 60;
  if (!Number.isInteger(hours) || hours < -12 || hours > 14) return undefined;
  return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}

/** The first, alphabetically, of the runtime's Region/City zones that has each offset at its instant. */
function ianaZoneFitting(offsets: readonly FileOffset[]): string | undefined {
  const seen = new Set<string>();
  const distinct = offsets.filter((o) => {
    const key = `${o.at}|${o.minutes}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
  return Intl.supportedValuesOf('timeZone')
    .filter((name) => name.includes('/') && !name.startsWith('Etc/'))
    .sort()
    .find((name) => {
      const zone = IANAZone.create(name);
      return zone.isValid && distinct.every((o) => zone.offset(o.at) === o.minutes);
    });
}

/**
 * The zone of a file that names none, from the UTC offsets of its times, so that every local
 * time stays the file's. One offset throughout: its fixed-offset zone (Etc/GMT-1 for +01:00),
 * since nothing says which of the countries at that offset the event is in. An offset no Etc
 * zone has (+05:30), or several (+01:00 and +02:00 across a change of daylight saving time):
 * the first IANA zone, alphabetically, that has every offset at its time. None fits: the most
 * common offset's zone. No local offsets at all (times in UTC, or without an offset): none, and
 * the event keeps its zone (UTC for a new one), as the times are read.
 */
export function inferTimeZone(offsets: readonly FileOffset[]): { zone: string; reason: string } | undefined {
  const counts = new Map<number, number>();
  for (const o of offsets) counts.set(o.minutes, (counts.get(o.minutes) ?? 0) + 1);
  if (counts.size === 0) return undefined;
  const byUse = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([minutes]) => minutes);
  const listed = byUse.map(formatOffset).join(', ');
  const common = byUse[0]!;
  const fixed = fixedOffsetZone(common);
  if (counts.size === 1 && fixed) {
    return {
      zone: fixed,
      reason: `and every time in it is at ${listed}: the event's zone is ${fixed}, that fixed offset`,
    };
  }
  const fitting = ianaZoneFitting(offsets);
  if (fitting) {
    return {
      zone: fitting,
      reason: `and its times are at ${listed}: the event's zone is ${fitting}, the first IANA zone (alphabetically) with ${counts.size === 1 ? 'that offset' : 'those offsets'} at those times`,
    };
  }
  const zone = fixed ?? 'UTC';
  return {
    zone,
    reason: `and its times are at ${listed}, which no IANA zone has at those times: the event's zone is ${zone}, from the most common offset (times at another show at other local times)`,
  };
}

export interface RawDay {
  where: string;
  date: string | undefined;
  start: string | undefined;
  end: string | undefined;
}

export interface RawRoom {
  where: string;
  name: string | undefined;
  guid: string | undefined;
  capacity?: number | null | undefined;
  description?: string | undefined;
}

export interface RawPerson {
  where: string;
  name: string | undefined;
  biography: string | undefined;
}

export interface RawTalk {
  where: string;
  guid: string | undefined;
  id: string | undefined;
  title: string | undefined;
  /** The file's abstract: Lectern's description. */
  abstract: string | undefined;
  /** The file's description: Lectern's abstract. */
  description: string | undefined;
  track: string | undefined;
  language: string | undefined;
  room: string | undefined;
  start: string | undefined;
  /** A duration, or else an end instant. */
  duration: string | undefined;
  end?: string | undefined;
  persons: RawPerson[];
  /** True: the speakers opted out of recording; false: they agreed; undefined: the file does not say. */
  doNotRecord?: boolean | undefined;
}

const MAX_NOTE_PLACES = 5;
const MAX_PERSONS = 50;

/**
 * Collects a file's days, rooms, tracks and talks in file order, checking each as it comes:
 * a talk without a room, a time or a duration is skipped with a warning naming where it is;
 * one without a title is kept as "Untitled talk" and needs attention. `build` then skips the
 * talks outside every day.
 */
export class ScheduleBuilder {
  private readonly days: ImportedDay[] = [];
  private readonly rooms = new Map<string, ImportedRoom>();
  private readonly tracks = new Map<string, string>();
  private readonly talks: ImportedTalk[] = [];
  private readonly guids = new Map<string, string>();
  private readonly warnings: ImportProblem[] = [];
  private readonly notes = new Map<string, ImportNote>();
  private readonly roomGuids = new Map<string, string>();
  private readonly zone: string;
  private readonly conference: ImportedConference;
  private readonly offsets: FileOffset[] = [];
  /** Where the file names its zone (or would). */
  private readonly timezoneWhere: string;
  /** The file names no zone and the import was given none: build() infers one from the offsets. */
  private readonly inferZone: boolean;
  /** The import was given a zone: build() says which of the file's times it moves to another local time. */
  private readonly zoneGiven: boolean;

  /**
   * `timezone` as the file gives it: kept when it is an IANA zone, else reported at
   * `timezoneWhere`; `options.timezone` (a valid IANA zone) overrides it.
   */
  constructor(
    private readonly format: ScheduleFormat,
    conference: Omit<ImportedConference, 'timezone'> & { timezone: string | undefined; timezoneWhere: string },
    options: ScheduleParseOptions = {},
  ) {
    const zone = conference.timezone?.trim() ?? '';
    const valid = zone !== '' && isValidTimeZone(zone);
    const given = options.timezone?.trim() || undefined;
    this.timezoneWhere = conference.timezoneWhere;
    if (given !== undefined && zone !== '' && zone !== given) {
      this.warn(conference.timezoneWhere, `the file's time zone "${zone}" is replaced by the one given, ${given}`);
    } else if (given === undefined && zone !== '' && !valid) {
      this.warn(
        conference.timezoneWhere,
        `"${conference.timezone}" is not an IANA time zone; the event keeps its own (UTC for a new event)`,
      );
    }
    const timezone = given ?? (valid ? zone : undefined);
    this.inferZone = given === undefined && zone === '';
    this.zoneGiven = given !== undefined;
    this.conference = {
      title: conference.title,
      acronym: conference.acronym,
      version: conference.version,
      timezone,
    };
    this.zone = timezone ?? 'UTC';
  }

  /** A date-time of the file as an instant (one without an offset is read in the zone); its offset noted. */
  private instant(value: string | undefined, where: string): Date | undefined {
    if (value === undefined || value.trim() === '') return undefined;
    const parsed = DateTime.fromISO(value.trim(), { zone: this.zone, setZone: true });
    if (!parsed.isValid) return undefined;
    if (WITH_OFFSET.test(value.trim())) this.offsets.push({ at: parsed.toMillis(), minutes: parsed.offset, where });
    return parsed.toJSDate();
  }

  warn(where: string, message: string): void {
    this.warnings.push({ where, message });
  }

  /** Counts one more place where the file holds something of this kind. */
  note(message: string, where: string): void {
    const note = this.notes.get(message);
    if (!note) {
      this.notes.set(message, { message, count: 1, where: [where] });
      return;
    }
    note.count++;
    if (note.where.length < MAX_NOTE_PLACES) note.where.push(where);
  }

  addDay(raw: RawDay): void {
    const start = this.instant(raw.start, raw.where);
    const end = this.instant(raw.end, raw.where);
    let date = raw.date?.trim();
    if (!start || !end) {
      const which = !start ? `start "${raw.start ?? ''}"` : `end "${raw.end ?? ''}"`;
      this.warn(raw.where, `day ${raw.date ?? ''}: its ${which} is not a date and time; the day is skipped`);
      return;
    }
    if (end <= start) {
      this.warn(
        raw.where,
        `day ${raw.date ?? ''} ends (${raw.end}) before it starts (${raw.start}); the day is skipped`,
      );
      return;
    }
    if (!date || !ISO_DATE.test(date) || !DateTime.fromISO(date).isValid) {
      const derived = DateTime.fromJSDate(start, { zone: this.zone }).toISODate()!;
      if (date)
        this.warn(raw.where, `"${date}" is not a date (YYYY-MM-DD); the day is dated ${derived}, from its start`);
      date = derived;
    }
    const same = this.days.find((d) => d.date === date);
    if (same) {
      this.warn(raw.where, `a second day dated ${date} (the first is at ${same.where}); this one is skipped`);
      return;
    }
    this.days.push({ where: raw.where, date, start, end });
  }

  /** Adds a room, once per name; returns its name as kept, or undefined for a room without one. */
  addRoom(raw: RawRoom): string | undefined {
    const name = cleanLine(raw.name);
    if (name === '') return undefined;
    const key = trackNameKey(name);
    const known = this.rooms.get(key);
    if (known) {
      if (known.capacity === undefined && raw.capacity !== undefined) known.capacity = raw.capacity;
      if (known.description === undefined && raw.description !== undefined) known.description = raw.description;
      return known.name;
    }
    let guid = raw.guid?.trim().toLowerCase();
    if (guid !== undefined && guid !== '' && !isUuid(guid)) {
      this.warn(raw.where, `room "${name}": "${raw.guid}" is not a UUID; the room gets a guid of its own`);
      guid = undefined;
    }
    if (guid) {
      const owner = this.roomGuids.get(guid);
      if (owner !== undefined) {
        this.warn(raw.where, `room "${name}" has the guid of room "${owner}"; it gets a guid of its own`);
        guid = undefined;
      } else {
        this.roomGuids.set(guid, name);
      }
    }
    const capacity =
      raw.capacity === undefined || raw.capacity === null
        ? raw.capacity
        : Number.isInteger(raw.capacity) && raw.capacity >= 0
          ? raw.capacity
          : undefined;
    if (raw.capacity !== capacity)
      this.warn(raw.where, `room "${name}": capacity ${String(raw.capacity)} is not a number of seats; left out`);
    this.rooms.set(key, {
      where: raw.where,
      name,
      guid: guid || undefined,
      capacity,
      description: raw.description === undefined ? undefined : cleanText(raw.description),
    });
    return name;
  }

  addTrack(rawName: string | undefined): string | undefined {
    const name = cleanLine(rawName);
    if (name === '') return undefined;
    const key = trackNameKey(name);
    const known = this.tracks.get(key);
    if (known !== undefined) return known;
    this.tracks.set(key, name);
    return name;
  }

  addTalk(raw: RawTalk): void {
    const label = raw.title && cleanLine(raw.title) !== '' ? `"${cleanLine(raw.title)}"` : 'a talk without a title';
    if (cleanLine(raw.room) === '') {
      this.warn(raw.where, `${label} has no room; skipped`);
      return;
    }
    const start = this.instant(raw.start, raw.where);
    if (!start) {
      this.warn(raw.where, `${label}: its start "${raw.start ?? ''}" is not a date and time; skipped`);
      return;
    }
    let durationMinutes: number | undefined;
    if (raw.duration !== undefined && raw.duration.trim() !== '') {
      durationMinutes = parseDurationMinutes(raw.duration);
      if (durationMinutes === undefined) {
        this.warn(raw.where, `${label}: its duration "${raw.duration}" is not hours and minutes (HH:MM); skipped`);
        return;
      }
    } else {
      const end = this.instant(raw.end, raw.where);
      if (!end) {
        this.warn(raw.where, `${label} has neither a duration nor an end; skipped`);
        return;
      }
      durationMinutes = Math.round((end.getTime() - start.getTime()) / 60_000);
    }
    if (durationMinutes <= 0) {
      this.warn(raw.where, `${label} lasts ${durationMinutes} minutes; a talk needs at least one; skipped`);
      return;
    }

    const guid = this.identify(raw, label);
    if (guid === undefined) return;
    // A room only talks name (the file lists none) joins the rooms once one of its talks is kept.
    const room = this.addRoom({ where: raw.where, name: raw.room, guid: undefined })!;

    const title = cleanLine(raw.title);
    const attention: string[] = [];
    if (title === '') {
      attention.push(MISSING_TITLE);
      this.warn(raw.where, `a talk with no title: imported as "${UNTITLED_TALK}" and marked as needing attention`);
    }

    const persons: ImportedPerson[] = [];
    const seen = new Set<string>();
    for (const person of raw.persons) {
      const name = cleanLine(person.name);
      if (name === '') {
        this.warn(person.where, `${label}: a person without a name; left out`);
        continue;
      }
      const key = speakerNameKey(name);
      if (seen.has(key)) {
        this.warn(person.where, `${label} lists ${name} twice; once is kept`);
        continue;
      }
      if (persons.length === MAX_PERSONS) {
        this.warn(person.where, `${label} lists more than ${MAX_PERSONS} persons; the rest are left out`);
        break;
      }
      seen.add(key);
      const biography = person.biography === undefined ? undefined : cleanText(person.biography);
      persons.push({ name, biography: biography === '' ? undefined : biography });
    }
    if (raw.persons.length === 0)
      this.note('talks without speakers: the file names no persons for them (kept, without speakers)', raw.where);

    this.talks.push({
      where: raw.where,
      guid,
      title: title || UNTITLED_TALK,
      attention,
      description: cleanText(raw.abstract),
      abstract: cleanText(raw.description),
      track: this.addTrack(raw.track),
      language: this.language(raw.language, raw.where),
      room,
      start,
      durationMinutes,
      persons,
      doNotRecord: raw.doNotRecord,
    });
  }

  /** The talk's guid: the file's, or derived from the conference and the talk's id; undefined for a duplicate. */
  private identify(raw: RawTalk, label: string): string | undefined {
    let guid = raw.guid?.trim().toLowerCase();
    if (!isUuid(guid)) {
      const key = raw.id?.trim() || `${cleanLine(raw.title)}@${raw.start ?? ''}`;
      const conference = this.conference.acronym || this.conference.title;
      guid = uuidV5(`${conference}/${key}`, SCHEDULE_IMPORT_NAMESPACE);
      this.note(
        raw.guid === undefined || raw.guid.trim() === ''
          ? 'talks without a guid: each gets a UUID v5 made from the conference and its id, the same on every import'
          : 'talks whose guid is not a UUID: each gets a UUID v5 made from the conference and its id, the same on every import',
        raw.where,
      );
    }
    const first = this.guids.get(guid);
    if (first !== undefined) {
      this.warn(raw.where, `${label} has the guid ${guid} of the talk at ${first}; skipped`);
      return undefined;
    }
    this.guids.set(guid, raw.where);
    return guid;
  }

  /** ISO 639-1 from "en", "de-DE" or "de, en" (the first is kept); undefined for none. */
  private language(value: string | undefined, where: string): string | undefined {
    const trimmed = value?.trim().toLowerCase() ?? '';
    if (trimmed === '') return undefined;
    const codes = trimmed.split(/[\s,;/|]+/).filter(Boolean);
    const first = /^([a-z]{2})(?:[-_][a-z0-9]+)*$/.exec(codes[0] ?? '');
    if (!first) {
      this.note("languages that are not ISO 639-1 codes (the talk takes the event's language)", where);
      return undefined;
    }
    if (codes.length > 1) this.note('talks in more than one language ("de, en"): the first is kept', where);
    return first[1];
  }

  build(): ImportedSchedule {
    const inferred = this.inferZone ? inferTimeZone(this.offsets) : undefined;
    if (inferred) {
      this.conference.timezone = inferred.zone;
      this.warn(
        this.timezoneWhere,
        `the file names no time zone, ${inferred.reason}; local times are the file's (import with --timezone to choose another zone)`,
      );
    } else if (this.zoneGiven) {
      this.noteOtherOffsets(this.conference.timezone!);
    }
    const days = [...this.days].sort((a, b) => a.start.getTime() - b.start.getTime());
    const talks = this.talks.filter((talk) => {
      if (days.some((day) => talk.start >= day.start && talk.start < day.end)) return true;
      const local = DateTime.fromJSDate(talk.start, { zone: this.zone }).toFormat('yyyy-LL-dd HH:mm ZZ');
      this.warn(talk.where, `"${talk.title}" starts at ${local}, outside every day of the file; skipped`);
      return false;
    });
    this.noteOverlaps(talks);
    return {
      format: this.format,
      conference: this.conference,
      days,
      rooms: [...this.rooms.values()],
      tracks: [...this.tracks.values()],
      talks,
      warnings: this.warnings,
      notes: [...this.notes.values()],
    };
  }

  /** Times whose offset is not the zone's: they keep their instant, and so show at another local time. */
  private noteOtherOffsets(name: string): void {
    const zone = IANAZone.create(name);
    const other = this.offsets.filter((o) => zone.offset(o.at) !== o.minutes);
    if (other.length === 0) return;
    const first = other[0]!;
    this.warn(
      first.where,
      `${other.length === 1 ? 'a time' : `${other.length} times`} in the file ${other.length === 1 ? 'is' : 'are'} at ${formatOffset(first.minutes)} where ${name} is at ${formatOffset(zone.offset(first.at))}${other.length === 1 ? '' : ' (this the first)'}: exports show ${other.length === 1 ? 'it' : 'them'} at the same instant in ${name}, another local time than the file's`,
    );
  }

  private noteOverlaps(talks: ImportedTalk[]): void {
    const byRoom = new Map<string, ImportedTalk[]>();
    for (const talk of talks) {
      const list = byRoom.get(talk.room) ?? [];
      list.push(talk);
      byRoom.set(talk.room, list);
    }
    for (const list of byRoom.values()) {
      list.sort((a, b) => a.start.getTime() - b.start.getTime());
      let latest: ImportedTalk | undefined;
      for (const talk of list) {
        if (latest && talk.start.getTime() < latest.start.getTime() + latest.durationMinutes * 60_000) {
          this.note('talks that overlap another in the same room (kept as the file has them)', talk.where);
        }
        if (
          !latest ||
          talk.start.getTime() + talk.durationMinutes * 60_000 >
            latest.start.getTime() + latest.durationMinutes * 60_000
        ) {
          latest = talk;
        }
      }
    }
  }
}
