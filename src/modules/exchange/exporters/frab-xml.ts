import type { EventProgram, RoomView } from '../../agenda/index.js';
import { absolute } from '../../../shared/links.js';
import type { ExportContext, Exporter } from './exporter.js';
import {
  exportDays,
  exportedTalkIds,
  FRAB_SLUG,
  hoursAndMinutes,
  localClock,
  localIso,
  paths,
  programAcronym,
  requireSchedule,
  scheduledTalks,
  speakerGuid,
  talkUrl,
  timeslotMinutes,
  vocSlug,
  type ScheduledTalk,
} from './schedule-parts.js';

/**
 * Characters XML 1.0 cannot hold at all, not even as character references: C0 controls other
 * than tab, LF and CR, unpaired surrogates, U+FFFE and U+FFFF. They are dropped, so that any
 * text a speaker typed still gives a document that parses and validates.
 */
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content. `>` is escaped too, so that `]]>` cannot appear; CR as a reference, since parsers turn a literal CR into LF. */
export function xmlText(value: string): string {
  return value
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes; tab, LF and CR as references, since parsers turn literal ones into spaces. */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

function element(name: string, value: string, indent: string): string {
  return value === '' ? `${indent}<${name}/>\n` : `${indent}<${name}>${xmlText(value)}</${name}>\n`;
}

/**
 * The frab schedule.xml of the latest release, valid against c3voc's schema.xsd.
 * Field mapping: frab's `abstract` is the short text and `description` the long one, so a
 * talk's description (its short pitch) is the abstract here and its abstract the description.
 * Texts are the Markdown as written, as pretalx exports them. `<recording>` is written when the
 * talk's recording choice is known, from an import or set by an organiser: `<optout>true` for
 * speakers who opted out, `false` for those who agreed; never invented, since recording
 * pipelines would take an `<optout>false</optout>` for a consent nobody gave.
 * What an imported file said is given back as it said it: the conference acronym, talk ids and
 * slugs, session types, languages ("de, en"), persons' GUIDs, links, attachments, feedback
 * URLs, licences and track colours. What is unknown is left out rather than invented: no
 * `<language>` for a talk whose file gave none, an empty `<type/>` (the XSD requires the
 * element) for one without a session type. `do_not_stream` is not in the XSD: only the JSON has it.
 */
export function renderFrabXml(program: EventProgram, context: ExportContext): string {
  return [...frabXmlChunks(program, context)].join('');
}

/** renderFrabXml in pieces: the head, then each talk's `<event>` (see Exporter.chunks). */
export function* frabXmlChunks(program: EventProgram, context: ExportContext): Generator<string> {
  const schedule = requireSchedule(program);
  const zone = schedule.timezone;
  const acronym = programAcronym(program);
  const ids = exportedTalkIds(program);
  // A pause point: each of these takes tens of milliseconds at 20,000 talks.
  yield '';
  const talks = scheduledTalks(schedule.slots);
  const days = exportDays(schedule);
  const programUrl = absolute(context.publicUrl, paths.program(program.slug));
  yield [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<schedule xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://c3voc.de/schedule/schema.xsd">\n',
    '  <generator name="Lectern"/>\n',
    element('url', absolute(context.publicUrl, paths.file(program.slug, 'schedule.xml')), '  '),
    element('version', schedule.version, '  '),
    '  <conference>\n',
    element('acronym', acronym, '    '),
    element('title', program.name, '    '),
    element('start', days[0]!.date, '    '),
    element('end', days[days.length - 1]!.date, '    '),
    element('days', String(days.length), '    '),
    element('timeslot_duration', hoursAndMinutes(timeslotMinutes(talks, zone)), '    '),
    element('time_zone_name', zone, '    '),
    element('url', programUrl, '    '),
    element('base_url', `${programUrl}/`, '    '),
  ].join('');
  for (const track of program.tracks) {
    // The XSD's track slug must start with a letter; a slug that does not is left out, the name stays.
    const slug = /^[a-z][a-z0-9-]+$/.test(track.slug) ? ` slug="${xmlAttribute(track.slug)}"` : '';
    // The XSD's hexColor is #rrggbb; a #rgb colour is left out.
    const color = track.color !== null && /^#[0-9a-f]{6}$/i.test(track.color) ? ` color="${track.color}"` : '';
    yield `    <track name="${xmlAttribute(track.name)}"${color}${slug}/>\n`;
  }
  yield '  </conference>\n';
  for (const day of days) {
    yield `  <day index="${day.index}" date="${day.date}" start="${localIso(day.start, zone)}" end="${localIso(day.end, zone)}">\n`;
    const byRoom = talksByRoom(scheduledTalks(day.slots));
    for (const [room, talksInRoom] of byRoom) {
      yield `    <room name="${xmlAttribute(room.name)}" guid="${room.guid}">\n`;
      for (const slot of talksInRoom) yield renderEvent(program, slot, acronym, ids, zone, context);
      yield '    </room>\n';
    }
    yield '  </day>\n';
  }
  yield '</schedule>\n';
}

/**
 * The rooms with talks, in the event's order, each with its talks in the schedule's order. A
 * talk without a room is in no room, so in no `<room>`: frab has nowhere else to put it.
 */
function talksByRoom(talks: ScheduledTalk[]): [RoomView, ScheduledTalk[]][] {
  const rooms = new Map<number, [RoomView, ScheduledTalk[]]>();
  for (const slot of talks) {
    if (!slot.room) continue;
    const entry = rooms.get(slot.room.id);
    if (entry) entry[1].push(slot);
    else rooms.set(slot.room.id, [slot.room, [slot]]);
  }
  return [...rooms.values()].sort(([a], [b]) => a.position - b.position || a.id - b.id);
}

function renderEvent(
  program: EventProgram,
  slot: ScheduledTalk,
  acronym: string,
  ids: Map<number, number>,
  zone: string,
  context: ExportContext,
): string {
  const { talk } = slot;
  const indent = '        ';
  const slug = vocSlug(acronym, talk);
  const persons = talk.speakers.map(
    (speaker) =>
      `${indent}  <person id="${speaker.id}" guid="${speakerGuid(context.publicUrl, program.slug, speaker)}">${xmlText(speaker.name)}</person>\n`,
  );
  return [
    `      <event guid="${talk.guid}" id="${ids.get(talk.id) ?? talk.id}">\n`,
    element('date', localIso(slot.start, zone), indent),
    element('start', localClock(slot.start, zone), indent),
    element('duration', hoursAndMinutes(slot.durationMinutes), indent),
    element('room', slot.room?.name ?? '', indent),
    // The slug is optional in the XSD, and only one of its pattern may appear.
    FRAB_SLUG.test(slug) ? element('slug', slug, indent) : '',
    element('url', talkUrl(context.publicUrl, program.slug, talk), indent),
    element('title', talk.title, indent),
    element('subtitle', '', indent),
    talk.language === null ? '' : element('language', talk.language, indent),
    element('track', talk.track?.name ?? '', indent),
    element('type', talk.sessionType ?? '', indent),
    element('abstract', talk.description, indent),
    element('description', talk.abstract, indent),
    recording(talk.doNotRecord, talk.recordingLicence, indent),
    persons.length > 0 ? `${indent}<persons>\n${persons.join('')}${indent}</persons>\n` : `${indent}<persons/>\n`,
    references('links', 'link', talk.links, indent),
    references('attachments', 'attachment', talk.attachments, indent),
    talk.feedbackUrl === null ? '' : element('feedback_url', talk.feedbackUrl, indent),
    '      </event>\n',
  ].join('');
}

/**
 * The XSD's recording type: the licence and the opt-out, both required by it, so nothing when
 * the opt-out is unknown (a licence alone cannot be written without inventing a consent).
 */
function recording(doNotRecord: boolean | null, licence: string | null, indent: string): string {
  if (doNotRecord === null) return '';
  return [
    `${indent}<recording>\n`,
    element('license', licence ?? '', `${indent}  `),
    element('optout', String(doNotRecord), `${indent}  `),
    `${indent}</recording>\n`,
  ].join('');
}

/** `<links><link href="…" type="…">title</link></links>`, or the attachments the same way. */
function references(
  list: string,
  item: string,
  entries: readonly { url: string; title: string; type?: string }[],
  indent: string,
): string {
  if (entries.length === 0) return `${indent}<${list}/>\n`;
  const items = entries.map((entry) => {
    const type = entry.type === undefined ? '' : ` type="${xmlAttribute(entry.type)}"`;
    return `${indent}  <${item} href="${xmlAttribute(entry.url)}"${type}>${xmlText(entry.title)}</${item}>\n`;
  });
  return `${indent}<${list}>\n${items.join('')}${indent}</${list}>\n`;
}

export const frabXmlExporter: Exporter = {
  identifier: 'frab-xml',
  fileName: 'schedule.xml',
  contentType: 'application/xml; charset=utf-8',
  label: 'frab schedule XML',
  description:
    'The schedule in the frab/pentabarf format (schedule.xml) that conference apps such as Giggity, EventFahrplan and ConfClerk and recording pipelines read; valid against the c3voc schema.',
  requiresReleasedSchedule: true,
  chunks: frabXmlChunks,
};
