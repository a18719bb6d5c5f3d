import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  cleanText,
  decodeScheduleFile,
  LineIndex,
  ScheduleBuilder,
  readBoolean,
  ScheduleFileError,
  type ImportedSchedule,
  type RawPerson,
  type ScheduleParseOptions,
  type RawReference,
} from './imported-schedule.js';
import { warning } from '../../../shared/warnings.js';

/**
 * Reads a frab / pentabarf / pretalx `schedule.xml` (application/vnd.c3voc.schedule+xml) into
 * an ImportedSchedule. Real files stray from schedule.xml.xsd (38C3's has slugs the XSD's
 * pattern refuses, and `<do_not_stream>` and `<answers>` elements it does not know): anything
 * the talks do not need is noted in the report, never a reason to refuse the file. Places are
 * given as "line N, /schedule/day[i]/room[j]/event[k]" (XPath positions count from 1).
 */

type XmlNode = Record<string | symbol, unknown>;

const ARRAYS = new Set([
  'schedule.day',
  'schedule.day.room',
  'schedule.day.room.event',
  'schedule.day.room.event.persons.person',
  'schedule.day.room.event.links.link',
  'schedule.day.room.event.attachments.attachment',
  'schedule.conference.track',
]);

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** Event elements the talk is made of. */
const USED = new Set([
  'date',
  'start',
  'duration',
  'room',
  'title',
  'abstract',
  'description',
  'track',
  'language',
  'persons',
  'slug',
  'end',
  'type',
  'links',
  'attachments',
  'feedback_url',
  'do_not_stream',
]);
/** Elements schedule.xml.xsd defines for an event, which Lectern has no field for (`<recording>` is read apart). */
const SCHEMA_ELEMENTS = new Set(['subtitle', 'logo', 'url', 'recording', 'origin_url', 'video_download_url']);
const CONFERENCE_USED = new Set(['title', 'acronym', 'start', 'end', 'days', 'time_zone_name', 'track']);

/** schedule.xml.xsd's voc-slug-new (XSD patterns match the whole value). */
const XSD_SLUG = /^[a-z0-9_]{4,}-[a-z0-9\-_]{4,}$/;

export function parseFrabXml(content: string | Uint8Array, options: ScheduleParseOptions = {}): ImportedSchedule {
  const text = decodeScheduleFile(content, true);
  const lines = new LineIndex(text);
  if (text.trim() === '')
    throw new ScheduleFileError('the file is empty; a frab schedule.xml starts with <schedule>', 'line 1');
  refuseDtdEntities(text, lines);
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    throw new ScheduleFileError(`is not well-formed XML: ${msg}`, col ? `line ${line}, column ${col}` : `line ${line}`);
  }
  refuseDeepNesting(text, lines);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    captureMetaData: true,
    // Also decodes numeric character references (&#233;), which are left as they are otherwise;
    // the few HTML names it adds (&nbsp;) are not XML, but a file that uses them means them.
    htmlEntities: true,
    processEntities: { maxExpandedLength: 100_000_000 },
    isArray: (_name, jpath) => ARRAYS.has(jpath as string),
    maxNestedTags: MAX_DEPTH,
  });
  let document: XmlNode;
  try {
    document = parser.parse(text) as XmlNode;
  } catch (error) {
    // The checks above leave the parser nothing known to refuse; should it refuse anyway, the
    // user still gets one line, never a stack trace.
    const line = /\bline:? (\d+)/i.exec((error as Error).message)?.[1] ?? '1';
    throw new ScheduleFileError(`cannot be read as XML: ${(error as Error).message}`, `line ${line}`);
  }
  const roots = Object.keys(document).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
  const schedule = document.schedule;
  if (schedule === undefined) {
    throw new ScheduleFileError(
      roots.length > 0
        ? `the root element is <${roots[0]}>; a frab schedule.xml has <schedule>`
        : 'has no root element; a frab schedule.xml has <schedule>',
      'line 1',
    );
  }
  const root = isNode(schedule) ? schedule : {};
  const lineOf = (node: unknown) => {
    const meta = isNode(node) ? (node[META] as { startIndex: number } | undefined) : undefined;
    return meta ? lines.lineAt(meta.startIndex) : undefined;
  };
  const at = (node: unknown, path: string, fallback?: number) => {
    const line = lineOf(node) ?? fallback;
    return line === undefined ? path : `line ${line}, ${path}`;
  };

  const conferences = asArray(root.conference);
  if (conferences.length === 0)
    throw new ScheduleFileError('<schedule> has no <conference>: not a frab schedule', at(root, '/schedule'));
  const conference = isNode(conferences[0]) ? conferences[0] : {};
  const conferenceWhere = at(conference, '/schedule/conference');
  const builder = new ScheduleBuilder(
    'frab',
    {
      title: cleanText(textOf(conference.title)),
      acronym: cleanText(textOf(conference.acronym)),
      version: cleanText(textOf(root.version)) || undefined,
      timezone: textOf(conference.time_zone_name),
      timezoneWhere: `${conferenceWhere}/time_zone_name`,
    },
    options,
  );
  if (conferences.length > 1)
    builder.warn(at(conferences[1], '/schedule/conference[2]'), warning`a second <conference>; only the first is read`);
  for (const [key, value] of Object.entries(conference)) {
    if (key.startsWith('@_') || CONFERENCE_USED.has(key) || isEmpty(value)) continue;
    builder.note(`<${key}> of the conference: Lectern has no field for it`, conferenceWhere);
  }
  for (const [i, track] of asArray(conference.track).entries()) {
    const name = isNode(track) ? (attribute(track, 'name') ?? textOf(track)) : textOf(track);
    const color = isNode(track) ? attribute(track, 'color') : undefined;
    builder.addTrack(name, color, at(track, `/schedule/conference/track[${i + 1}]`));
  }

  const days = asArray(root.day);
  if (days.length === 0)
    throw new ScheduleFileError('<schedule> has no <day>: there is nothing to import', at(root, '/schedule'));
  // A room is listed once per day it is used; the file's first mention of it gives its guid.
  for (const [d, day] of days.entries()) {
    if (!isNode(day)) continue;
    const dayPath = `/schedule/day[${d + 1}]`;
    builder.addDay({
      where: at(day, dayPath),
      date: attribute(day, 'date'),
      start: attribute(day, 'start'),
      end: attribute(day, 'end'),
    });
    for (const [r, room] of asArray(day.room).entries()) {
      if (!isNode(room)) continue;
      const roomPath = `${dayPath}/room[${r + 1}]`;
      builder.addRoom({ where: at(room, roomPath), name: attribute(room, 'name'), guid: attribute(room, 'guid') });
    }
  }
  for (const [d, day] of days.entries()) {
    if (!isNode(day)) continue;
    for (const [r, room] of asArray(day.room).entries()) {
      if (!isNode(room)) continue;
      for (const [e, event] of asArray(room.event).entries()) {
        const path = `/schedule/day[${d + 1}]/room[${r + 1}]/event[${e + 1}]`;
        if (!isNode(event)) {
          builder.warn(at(room, path), warning`an empty <event>; skipped`);
          continue;
        }
        readEvent(builder, event, room, path, at, text, lines);
      }
    }
  }
  return builder.build();
}

/** Far deeper than any schedule.xml (schedule/day/room/event/persons/person is 6 deep). */
const MAX_DEPTH = 64;

/**
 * Entities a DOCTYPE declares are refused before any parser reads them: an external one
 * (`<!ENTITY x SYSTEM "file:///…">`, XXE) names a file or URL, and nested ones expand a few
 * lines into gigabytes (billion laughs). No schedule.xml declares any; a bare DOCTYPE is read.
 */
function refuseDtdEntities(text: string, lines: LineIndex): void {
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype === -1) return;
  const entity = text.indexOf('<!ENTITY', doctype);
  if (entity === -1) return;
  const { line, column } = lines.position(entity);
  throw new ScheduleFileError(
    'declares an entity in its DOCTYPE (<!ENTITY …>): Lectern reads no DTD entities, which can read files of the server (XXE) or expand to gigabytes; a schedule.xml needs none',
    `line ${line}, column ${column}`,
  );
}

/**
 * Refuses a document whose elements nest deeper than MAX_DEPTH, at the first element too
 * deep. It runs on well-formed XML (the validator passed), so a `<` starts markup, and a `>`
 * ends a tag unless it is inside a quoted attribute value.
 */
function refuseDeepNesting(text: string, lines: LineIndex): void {
  let depth = 0;
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    const next = text[i + 1];
    if (text.startsWith('<!--', i)) i = text.indexOf('-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) i = text.indexOf(']]>', i + 9);
    else if (next === '/') depth--;
    else if (next !== '?' && next !== '!') {
      let end = i + 1;
      for (let quote = ''; end < text.length; end++) {
        const c = text[end];
        if (quote !== '') {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      if (text[end - 1] !== '/' && ++depth > MAX_DEPTH) {
        const { line, column } = lines.position(i);
        throw new ScheduleFileError(
          `elements nest more than ${MAX_DEPTH} deep, far deeper than any schedule.xml`,
          `line ${line}, column ${column}`,
        );
      }
      i = end;
    }
    if (i === -1) return;
  }
}

function readEvent(
  builder: ScheduleBuilder,
  event: XmlNode,
  room: XmlNode,
  path: string,
  at: (node: unknown, path: string, fallback?: number) => string,
  text: string,
  lines: LineIndex,
): void {
  const where = at(event, path);
  const meta = event[META] as { startIndex: number; endIndex: number } | undefined;
  /** The line of the event's n-th (from 1) child element `tag`, found in the event's text. */
  const childLine = (tag: string, n = 1): number | undefined => {
    if (!meta) return undefined;
    let from = meta.startIndex + 1;
    for (let seen = 0; ;) {
      const found = text.indexOf(`<${tag}`, from);
      if (found === -1 || found > meta.endIndex) return undefined;
      const next = text[found + tag.length + 1];
      if (next === '>' || next === '/' || next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (++seen === n) return lines.lineAt(found);
      }
      from = found + 1;
    }
  };
  const childAt = (tag: string, n?: number) => {
    const line = childLine(tag, n);
    const childPath = `${path}/${tag}${n === undefined ? '' : `[${n}]`}`;
    return line === undefined ? childPath : `line ${line}, ${childPath}`;
  };

  let doNotRecord: boolean | undefined;
  let recordingLicence: string | undefined;
  for (const [key, value] of Object.entries(event)) {
    if (key.startsWith('@_') || USED.has(key) || isEmpty(value)) continue;
    if (key === 'recording') {
      const recording = isNode(value) ? value : {};
      doNotRecord = readOptout(builder, textOf(recording.optout), childAt(key));
      recordingLicence = textOf(recording.license);
      continue;
    }
    builder.note(
      SCHEMA_ELEMENTS.has(key)
        ? `<${key}>: Lectern has no field for it`
        : `<${key}>: not in schedule.xml.xsd, and Lectern has no field for it`,
      childAt(key),
    );
  }
  const slug = cleanText(textOf(event.slug));
  if (slug !== '' && !XSD_SLUG.test(slug)) {
    builder.note(
      "slugs schedule.xml.xsd refuses (it wants 4 characters or more on each side of the first hyphen): kept, and left out of Lectern's schedule.xml",
      `${childAt('slug')} ("${slug}")`,
    );
  }

  const persons: RawPerson[] = [];
  const personsNode = asArray(event.persons)[0];
  for (const [p, person] of asArray(isNode(personsNode) ? personsNode.person : undefined).entries()) {
    persons.push({
      where: at(person, `${path}/persons/person[${p + 1}]`, childLine('person', p + 1)),
      name: textOf(person),
      guid: isNode(person) ? attribute(person, 'guid') : undefined,
      biography: undefined,
    });
  }
  /** `<links><link href="…" type="…">title</link></links>`, and the same of attachments. */
  const references = (list: string, item: string): RawReference[] => {
    const node = asArray(event[list])[0];
    return asArray(isNode(node) ? node[item] : undefined).map((reference, n) => ({
      where: at(reference, `${path}/${list}/${item}[${n + 1}]`, childLine(item, n + 1)),
      url: isNode(reference) ? attribute(reference, 'href') : undefined,
      title: textOf(reference),
      type: isNode(reference) ? attribute(reference, 'type') : undefined,
    }));
  };
  const doNotStream = textOf(event.do_not_stream);
  if (doNotStream !== undefined && doNotStream.trim() !== '' && readBoolean(doNotStream) === undefined) {
    builder.warn(
      childAt('do_not_stream'),
      warning`<do_not_stream>${doNotStream.trim()}</do_not_stream> is not true or false; left unknown`,
    );
  }
  builder.addTalk({
    where,
    guid: attribute(event, 'guid'),
    id: attribute(event, 'id'),
    title: textOf(event.title),
    abstract: dedent(textOf(event.abstract)),
    description: dedent(textOf(event.description)),
    track: textOf(event.track),
    language: textOf(event.language),
    // The room the event is listed under; its own <room> when that has no name.
    room: attribute(room, 'name')?.trim() || textOf(event.room),
    start: textOf(event.date),
    duration: textOf(event.duration),
    end: textOf(event.end),
    persons,
    doNotRecord,
    sessionType: textOf(event.type),
    slug: textOf(event.slug),
    links: references('links', 'link'),
    attachments: references('attachments', 'attachment'),
    feedbackUrl: textOf(event.feedback_url),
    recordingLicence,
    doNotStream: readBoolean(doNotStream),
  });
}

/**
 * `<optout>` as schedule.xml.xsd types it (xs:boolean: true, false, 1 or 0); empty or absent
 * says nothing. Anything else is reported and read as unknown: guessing either way could
 * record a speaker who opted out, or claim a consent nobody gave.
 */
function readOptout(builder: ScheduleBuilder, value: string | undefined, where: string): boolean | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  builder.warn(
    where,
    warning`<optout>${text}</optout> is not true or false; the talk's recording choice is left as Lectern knows it`,
  );
  return undefined;
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** An element's text: a leaf's string, or the text beside its attributes; the first when repeated. */
function textOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isNode(value)) {
    const own = value['#text'];
    if (own !== undefined) return String(own);
    return Object.keys(value).some((key) => !key.startsWith('@_')) ? undefined : '';
  }
  return undefined;
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return value === undefined ? undefined : String(value);
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isEmpty);
  if (isNode(value)) return Object.entries(value).every(([key, child]) => key.startsWith('@_') || isEmpty(child));
  return false;
}

/**
 * Multi-line text as it was before the file was pretty-printed: generators indent every line
 * after the first by the element's depth, which Markdown would read as code blocks.
 */
function dedent(value: string | undefined): string | undefined {
  if (value === undefined || !value.includes('\n')) return value;
  const [first, ...rest] = value.replace(/\r\n?/g, '\n').split('\n');
  const indents = rest.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return [first, ...rest.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)![0].length)))].join('\n');
}
