import {
  decodeScheduleFile,
  LineIndex,
  ScheduleBuilder,
  readBoolean,
  ScheduleFileError,
  type ImportedSchedule,
  type RawPerson,
  type ScheduleParseOptions,
  type RawReference,
  type RawTalk,
} from './imported-schedule.js';
import { warning } from '../../../shared/warnings.js';

/**
 * Reads a `schedule.json` into an ImportedSchedule: the c3voc format frab and pretalx emit
 * (schema.json: days → rooms → events), and the draft "schedule2" the CCC hub emits
 * (schema2.json: one list of events with start and end, persons listed apart). Places are
 * JSON pointers (RFC 6901), like /schedule/conference/days/2/rooms/Saal 1/4.
 */

type JsonObject = Record<string, unknown>;

/** Event members the talk is made of (or that only identify it). */
const USED = new Set([
  'guid',
  'id',
  'date',
  'start',
  'end',
  'duration',
  'room',
  'title',
  'abstract',
  'description',
  'track',
  'language',
  'persons',
  'participants',
  'slug',
  'do_not_record',
  'type',
  'links',
  'attachments',
  'recording_license',
  'do_not_stream',
  'feedback_url',
]);
/** Members schema.json (or schema2.json) defines for an event, which Lectern has no field for. */
const SCHEMA_MEMBERS = new Set(['code', 'subtitle', 'logo', 'url', 'origin_url', 'answers', 'video_download_url']);
const CONFERENCE_USED = new Set([
  'title',
  'acronym',
  'start',
  'end',
  'daysCount',
  'time_zone_name',
  'tracks',
  'rooms',
  'days',
]);

export function parseScheduleJson(content: string | Uint8Array, options: ScheduleParseOptions = {}): ImportedSchedule {
  const text = decodeScheduleFile(content);
  if (text.trim() === '')
    throw new ScheduleFileError('the file is empty; a schedule.json is one JSON object', 'line 1');
  refuseDeepNesting(text);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    const error = locateJsonError(text);
    const { line, column } = new LineIndex(text).position(error.offset);
    throw new ScheduleFileError(`is not valid JSON: ${error.message}`, `line ${line}, column ${column}`);
  }
  if (!isObject(document))
    throw new ScheduleFileError('the file is not a JSON object with a "schedule"; not a schedule.json', '/');
  const schedule = document.schedule;
  if (!isObject(schedule)) throw new ScheduleFileError('no "schedule" object: not a schedule.json', '/schedule');
  const conference = schedule.conference;
  if (!isObject(conference))
    throw new ScheduleFileError('no "conference" object: not a schedule.json', '/schedule/conference');

  const builder = new ScheduleBuilder(
    'schedule-json',
    {
      title: stringOf(conference.title) ?? '',
      acronym: stringOf(conference.acronym) ?? '',
      version: stringOf(schedule.version)?.trim() || undefined,
      timezone: stringOf(conference.time_zone_name),
      timezoneWhere: '/schedule/conference/time_zone_name',
      baseUrl: stringOf(schedule.base_url),
    },
    options,
  );
  for (const [key, value] of Object.entries(conference)) {
    if (CONFERENCE_USED.has(key) || isEmpty(value)) continue;
    builder.note(`"${key}" of the conference: Lectern has no field for it`, pointer('schedule', 'conference', key));
  }
  const trackNames = new Map<string, string>();
  for (const [i, track] of arrayOf(conference.tracks).entries()) {
    if (!isObject(track)) continue;
    const where = pointer('schedule', 'conference', 'tracks', i);
    const colors = isObject(track.colors) ? track.colors : {};
    const name = builder.addTrack(stringOf(track.name), stringOf(track.color) ?? stringOf(colors.primary), where);
    const slug = stringOf(track.slug);
    if (name !== undefined && slug) trackNames.set(slug, name);
  }
  const roomNames = new Map<string, string>();
  for (const [i, room] of arrayOf(conference.rooms).entries()) {
    if (!isObject(room)) continue;
    const guid = stringOf(room.guid);
    const name = builder.addRoom({
      where: pointer('schedule', 'conference', 'rooms', i),
      name: stringOf(room.name),
      guid,
      capacity: room.capacity === null ? null : typeof room.capacity === 'number' ? room.capacity : undefined,
      description: localised(room.description),
    });
    if (name !== undefined && guid) roomNames.set(guid.toLowerCase(), name);
  }

  if (Array.isArray(schedule.events)) {
    readSchedule2(builder, schedule, conference, trackNames, roomNames);
  } else {
    readDaysAndRooms(builder, conference);
  }
  return builder.build();
}

/** Far deeper than any schedule.json (an event's persons are 10 deep, their links 12). */
const MAX_DEPTH = 64;

/**
 * Refuses a text whose objects and lists nest deeper than MAX_DEPTH, at the first one too deep,
 * before anything reads it: what walks a document (JSON.parse's error finder, the check for
 * empty members) recurses, and would overflow the stack with a raw error instead of a refusal.
 */
function refuseDeepNesting(text: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      // To the closing quote, past escaped characters (an unclosed string is JSON.parse's to report).
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') {
      if (++depth > MAX_DEPTH) {
        const { line, column } = new LineIndex(text).position(i);
        throw new ScheduleFileError(
          `objects and lists nest more than ${MAX_DEPTH} deep, far deeper than any schedule.json`,
          `line ${line}, column ${column}`,
        );
      }
    } else if (c === '}' || c === ']') {
      depth--;
    }
  }
}

/** schema.json: conference.days[].rooms[name][] holds the events. */
function readDaysAndRooms(builder: ScheduleBuilder, conference: JsonObject): void {
  if (!Array.isArray(conference.days)) {
    throw new ScheduleFileError('no "days" list: a schedule.json lists its days here', '/schedule/conference/days');
  }
  if (conference.days.length === 0) {
    throw new ScheduleFileError('the "days" list is empty: there is nothing to import', '/schedule/conference/days');
  }
  for (const [d, day] of conference.days.entries()) {
    const dayWhere = pointer('schedule', 'conference', 'days', d);
    if (!isObject(day)) {
      builder.warn(dayWhere, warning`a day that is not an object; skipped`);
      continue;
    }
    builder.addDay({
      where: dayWhere,
      date: stringOf(day.date),
      start: stringOf(day.day_start) ?? stringOf(day.start),
      end: stringOf(day.day_end) ?? stringOf(day.end),
    });
    for (const roomName of Object.keys(isObject(day.rooms) ? day.rooms : {})) {
      builder.addRoom({
        where: pointer('schedule', 'conference', 'days', d, 'rooms', roomName),
        name: roomName,
        guid: undefined,
      });
    }
  }
  for (const [d, day] of conference.days.entries()) {
    if (!isObject(day) || !isObject(day.rooms)) continue;
    for (const [roomName, list] of Object.entries(day.rooms)) {
      const roomWhere = pointer('schedule', 'conference', 'days', d, 'rooms', roomName);
      if (!Array.isArray(list)) {
        builder.warn(roomWhere, warning`room "${roomName}" holds no list of events; skipped`);
        continue;
      }
      for (const [e, event] of list.entries()) {
        const where = `${roomWhere}/${e}`;
        if (!isObject(event)) {
          builder.warn(where, warning`an event that is not an object; skipped`);
          continue;
        }
        noteUnkept(builder, event, where);
        builder.addTalk({
          where,
          guid: stringOf(event.guid),
          id: stringOf(event.id),
          title: stringOf(event.title),
          abstract: stringOf(event.abstract),
          description: stringOf(event.description),
          track: stringOf(event.track),
          language: stringOf(event.language),
          // The room the event is listed under; its own "room" when the key is empty.
          room: roomName.trim() || stringOf(event.room),
          start: stringOf(event.date),
          duration: stringOf(event.duration),
          end: stringOf(event.end),
          persons: arrayOf(event.persons).map((person, p) => readPerson(person, `${where}/persons/${p}`, undefined)),
          doNotRecord: readDoNotRecord(builder, event, where),
          ...readKept(builder, event, where),
        });
      }
    }
  }
}

/** schema2.json (draft): schedule.events[] with start, end, a room and a track by reference; persons apart. */
function readSchedule2(
  builder: ScheduleBuilder,
  schedule: JsonObject,
  conference: JsonObject,
  trackNames: Map<string, string>,
  roomNames: Map<string, string>,
): void {
  if (!Array.isArray(conference.days) || conference.days.length === 0) {
    throw new ScheduleFileError('no "days" list: a schedule lists its days here', '/schedule/conference/days');
  }
  for (const [d, day] of conference.days.entries()) {
    const where = pointer('schedule', 'conference', 'days', d);
    if (!isObject(day)) {
      builder.warn(where, warning`a day that is not an object; skipped`);
      continue;
    }
    builder.addDay({ where, date: stringOf(day.date), start: stringOf(day.start), end: stringOf(day.end) });
  }
  // The persons list holds what the events' participants do not: biographies and avatars.
  const listed = new Map<string, ListedPerson>();
  for (const [i, person] of arrayOf(schedule.persons).entries()) {
    if (!isObject(person)) continue;
    const guid = stringOf(person.guid);
    if (!guid) continue;
    listed.set(guid.toLowerCase(), {
      biography: stringOf(person.biography),
      avatar: readAvatar(person.avatar),
      avatarWhere: pointer('schedule', 'persons', i, 'avatar'),
    });
  }
  for (const [e, event] of (schedule.events as unknown[]).entries()) {
    const where = pointer('schedule', 'events', e);
    if (!isObject(event)) {
      builder.warn(where, warning`an event that is not an object; skipped`);
      continue;
    }
    noteUnkept(builder, event, where);
    const room = isObject(event.room)
      ? (stringOf(event.room.name) ?? roomNames.get(stringOf(event.room.guid)?.toLowerCase() ?? ''))
      : stringOf(event.room);
    const track = isObject(event.track)
      ? (stringOf(event.track.name) ?? trackNames.get(stringOf(event.track.slug) ?? ''))
      : stringOf(event.track);
    const people = Array.isArray(event.participants) ? event.participants : arrayOf(event.persons);
    const member = Array.isArray(event.participants) ? 'participants' : 'persons';
    builder.addTalk({
      where,
      guid: stringOf(event.guid),
      id: stringOf(event.id) ?? stringOf(event.code),
      title: stringOf(event.title),
      abstract: stringOf(event.abstract),
      description: stringOf(event.description),
      track,
      language: stringOf(event.language),
      room,
      start: stringOf(event.start) ?? stringOf(event.date),
      duration: stringOf(event.duration),
      end: stringOf(event.end),
      persons: people.map((person, p) => readPerson(person, `${where}/${member}/${p}`, listed)),
      doNotRecord: readDoNotRecord(builder, event, where),
      ...readKept(builder, event, where),
    });
  }
}

/** What schema2's persons list says of a person, by their guid. */
interface ListedPerson {
  biography: string | undefined;
  avatar: string | null | undefined;
  avatarWhere: string;
}

function readPerson(person: unknown, where: string, listed: Map<string, ListedPerson> | undefined): RawPerson {
  if (typeof person === 'string') return { where, name: person, biography: undefined };
  if (!isObject(person)) return { where, name: undefined, biography: undefined };
  const guid = stringOf(person.guid)?.toLowerCase();
  const known = guid ? listed?.get(guid) : undefined;
  const avatar = readAvatar(person.avatar);
  return {
    where,
    name: stringOf(person.name) ?? stringOf(person.public_name) ?? stringOf(person.full_public_name),
    guid: stringOf(person.guid),
    code: typeof person.code === 'string' ? person.code : undefined,
    biography: stringOf(person.biography) ?? known?.biography,
    ...(avatar !== undefined
      ? { avatar, avatarWhere: `${where}/avatar` }
      : known?.avatar !== undefined
        ? { avatar: known.avatar, avatarWhere: known.avatarWhere }
        : {}),
  };
}

/**
 * A person's `avatar`: a string (c3voc's schema.json: an absolute URL, or one relative to
 * base_url) or an object with a `url` (the hub's schedule2); null when the file says there is
 * none; undefined when it does not say.
 */
function readAvatar(avatar: unknown): string | null | undefined {
  if (avatar === null) return null;
  if (typeof avatar === 'string') return avatar;
  if (isObject(avatar)) return avatar.url === null ? null : stringOf(avatar.url);
  return undefined;
}

/**
 * `do_not_record` as schema.json types it (boolean, or null for unknown). Any other value is
 * reported and read as unknown: guessing either way could record a speaker who opted out, or
 * claim a consent nobody gave.
 */
function readDoNotRecord(builder: ScheduleBuilder, event: JsonObject, where: string): boolean | undefined {
  const value = event.do_not_record;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  const shown = JSON.stringify(value);
  builder.warn(
    `${where}/do_not_record`,
    warning`"do_not_record": ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown} is not true, false or null; the talk's recording choice is left as Lectern knows it`,
  );
  return undefined;
}

/** The members Lectern keeps as they are: type, links, attachments, feedback URL, licence, do_not_stream. */
function readKept(
  builder: ScheduleBuilder,
  event: JsonObject,
  where: string,
): Pick<
  RawTalk,
  'sessionType' | 'slug' | 'links' | 'attachments' | 'feedbackUrl' | 'recordingLicence' | 'doNotStream'
> {
  const references = (member: string): RawReference[] =>
    arrayOf(event[member]).map((reference, n) => {
      const at = `${where}/${member}/${n}`;
      if (typeof reference === 'string') return { where: at, url: reference, title: undefined };
      const item = isObject(reference) ? reference : {};
      return { where: at, url: stringOf(item.url), title: stringOf(item.title), type: stringOf(item.type) };
    });
  const stream = event.do_not_stream;
  const doNotStream =
    typeof stream === 'boolean' ? stream : typeof stream === 'string' ? readBoolean(stream) : undefined;
  if (stream !== undefined && stream !== null && stream !== '' && doNotStream === undefined) {
    builder.warn(
      `${where}/do_not_stream`,
      warning`"do_not_stream": ${JSON.stringify(stream).slice(0, 40)} is not true or false; left unknown`,
    );
  }
  return {
    sessionType: stringOf(event.type),
    slug: stringOf(event.slug),
    links: references('links'),
    attachments: references('attachments'),
    feedbackUrl: stringOf(event.feedback_url),
    recordingLicence: stringOf(event.recording_license),
    doNotStream,
  };
}

function noteUnkept(builder: ScheduleBuilder, event: JsonObject, where: string): void {
  for (const [key, value] of Object.entries(event)) {
    if (USED.has(key) || isEmpty(value)) continue;
    builder.note(
      SCHEMA_MEMBERS.has(key)
        ? `"${key}": Lectern has no field for it`
        : `"${key}": not in schema.json, and Lectern has no field for it`,
      `${where}/${escapePointer(key)}`,
    );
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string member; numbers (an id) as text; anything else undefined. */
function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** schema2's localisable strings: the English text, else the first. */
function localised(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isObject(value)) return undefined;
  return (
    stringOf(value.en) ??
    Object.values(value)
      .map(stringOf)
      .find((text) => text !== undefined)
  );
}

/** Absent, null, false, empty text or an empty list or object: nothing kept is lost. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.values(value).every(isEmpty);
  return false;
}

function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

function pointer(...segments: (string | number)[]): string {
  return `/${segments.map(escapePointer).join('/')}`;
}

/**
 * Where and why JSON.parse refused a text: Node's messages do not always say where, so a small
 * recursive-descent reader walks the text to the first error.
 */
export function locateJsonError(text: string): { offset: number; message: string } {
  let i = 0;
  const fail = (message: string): never => {
    throw Object.assign(new Error(message), { offset: i });
  };
  const describe = () => (i >= text.length ? 'end of the file' : JSON.stringify(text[i]));
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}; expected a value`);
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const escape = text[i + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i++;
            fail('a \\u escape needs four hexadecimal digits');
          }
          i += 6;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          i += 2;
        } else {
          i++;
          fail(`unexpected escape ${JSON.stringify(`\\${escape ?? ''}`)} in a string`);
        }
        continue;
      }
      if (c < ' ') fail('a control character (such as a line break) inside a string; escape it');
      i++;
    }
    fail('the file ends inside a string: a closing quote is missing');
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail(`unexpected ${describe()}; expected a value`);
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(`unexpected ${describe()}; expected a value`);
  };
  const object = () => {
    i++;
    space();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] !== '"') fail(`unexpected ${describe()}; expected a member name in double quotes`);
      string();
      space();
      if (text[i] !== ':') fail(`unexpected ${describe()}; expected ":" after a member name`);
      i++;
      value();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`unexpected ${describe()}; expected "," or "}" after a member's value`);
    }
  };
  const array = () => {
    i++;
    space();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`unexpected ${describe()}; expected "," or "]" after a value in a list`);
    }
  };
  try {
    i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    value();
    space();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
    return { offset: 0, message: 'the text cannot be read as JSON' };
  } catch (error) {
    const offset = (error as { offset?: number }).offset;
    if (offset === undefined) return { offset: 0, message: 'the text is nested too deeply to read' };
    return { offset: Math.min(offset, Math.max(text.length - 1, 0)), message: (error as Error).message };
  }
}
