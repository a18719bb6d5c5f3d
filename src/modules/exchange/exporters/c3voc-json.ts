import type { EventProgram } from '../../agenda/index.js';
import { absolute } from '../../../shared/links.js';
import type { ExportContext, Exporter } from './exporter.js';
import { jsonChunks, LazyJsonList } from './json-chunks.js';
import {
  exportDays,
  exportedTalkIds,
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

export const C3VOC_SCHEMA_URL = 'https://c3voc.de/schedule/schema.json';

/** c3voc's pattern for time_zone_name, as its schema writes it (the alternation is unanchored on the left side's end). */
const C3VOC_ZONE = /^([A-Z][a-z]+\/[A-Z][a-z]+)|UTC$/;
/** c3voc's pattern for room and track slugs. */
const C3VOC_SLUG = /^[a-z0-9_-]+[a-z0-9]$/;
/** The types schema.json allows for a link or attachment. */
const REFERENCE_TYPES = new Set(['slides', 'paper', 'web', 'blog', 'article', 'media', 'related', 'activitypub']);

/** A link or attachment as schema.json's Reference: its type only when the schema knows it. */
function reference(entry: { url: string; title: string; type?: string }) {
  return {
    url: entry.url,
    title: entry.title,
    ...(entry.type !== undefined && REFERENCE_TYPES.has(entry.type) ? { type: entry.type } : {}),
  };
}

/**
 * The c3voc schedule.json of the latest release (the format frab and pretalx emit), valid
 * against c3voc's schema.json. Same mapping as schedule.xml: the talk's description is the
 * `abstract` and its abstract the `description`. `do_not_record` is written when the talk's
 * recording choice is known, from an import or set by an organiser; never invented, since
 * recording pipelines would take a `false` for a consent nobody gave. Persons carry `name` (the
 * schema's PretalxPerson): a FrabPerson (`public_name` with `id`) as well would match both
 * branches of its oneOf; `code`, when an imported file gave one; and `avatar` (PretalxPerson's,
 * an absolute https:// address) when the speaker has a photo.
 * What an imported file said is given back as it said it (see renderFrabXml), with
 * `do_not_stream` and `recording_license` when known; an unknown language is `null`, an
 * unknown session type `""` (both members are required). The slug drops the trailing hyphens
 * the schema's pattern refuses (38C3 has such slugs).
 */
export function renderC3vocJson(program: EventProgram, context: ExportContext): string {
  return [...c3vocJsonChunks(program, context)].join('');
}

/**
 * renderC3vocJson in pieces (see Exporter.chunks): the document is JSON.stringify's, indented
 * by two, written by jsonChunks with each talk's event made and written as its turn comes.
 */
export function* c3vocJsonChunks(program: EventProgram, context: ExportContext): Generator<string> {
  const schedule = requireSchedule(program);
  const zone = schedule.timezone;
  const acronym = programAcronym(program);
  const ids = exportedTalkIds(program);
  // A pause point: each of these takes tens of milliseconds at 20,000 talks.
  yield '';
  const talks = scheduledTalks(schedule.slots);
  const days = exportDays(schedule);
  const programUrl = absolute(context.publicUrl, paths.program(program.slug));

  const event = (slot: ScheduledTalk) => {
    const { talk } = slot;
    return {
      guid: talk.guid,
      id: ids.get(talk.id) ?? talk.id,
      date: localIso(slot.start, zone),
      start: localClock(slot.start, zone),
      end: localIso(slot.end, zone),
      duration: hoursAndMinutes(slot.durationMinutes),
      room: slot.room?.name ?? '',
      slug: vocSlug(acronym, talk).replace(/[^a-z0-9]+$/, ''),
      url: talkUrl(context.publicUrl, program.slug, talk),
      title: talk.title,
      subtitle: '',
      track: talk.track?.name ?? null,
      type: talk.sessionType ?? '',
      language: talk.language,
      abstract: talk.description,
      description: talk.abstract,
      ...(talk.recordingLicence === null ? {} : { recording_license: talk.recordingLicence }),
      ...(talk.doNotRecord === null ? {} : { do_not_record: talk.doNotRecord }),
      ...(talk.doNotStream === null ? {} : { do_not_stream: talk.doNotStream }),
      persons: talk.speakers.map((speaker) => ({
        guid: speakerGuid(context.publicUrl, program.slug, speaker),
        id: speaker.id,
        ...(speaker.code === null || !/^[A-Z0-9]+$/.test(speaker.code) ? {} : { code: speaker.code }),
        name: speaker.name,
        // A photo uploaded here has an address on this site: the file gives it whole.
        ...(speaker.photoUrl === null
          ? {}
          : {
              avatar: speaker.photoUrl.startsWith('/')
                ? absolute(context.publicUrl, speaker.photoUrl)
                : speaker.photoUrl,
            }),
        biography: speaker.biography,
        ...(speaker.links.length === 0 ? {} : { links: speaker.links.map(({ url, title }) => ({ url, title })) }),
      })),
      links: talk.links.map(reference),
      attachments: talk.attachments.map(reference),
      ...(talk.feedbackUrl === null ? {} : { feedback_url: talk.feedbackUrl }),
    };
  };

  const document = {
    $schema: C3VOC_SCHEMA_URL,
    generator: { name: 'Lectern' },
    schedule: {
      url: absolute(context.publicUrl, paths.file(program.slug, 'schedule.json')),
      version: schedule.version,
      base_url: `${programUrl}/`,
      conference: {
        acronym,
        title: program.name,
        start: days[0]!.date,
        end: days[days.length - 1]!.date,
        daysCount: days.length,
        timeslot_duration: hoursAndMinutes(timeslotMinutes(talks, zone)),
        // A zone outside c3voc's pattern (US/Pacific, Etc/GMT+5) is left out: the offsets of every time still say it.
        ...(C3VOC_ZONE.test(zone) ? { time_zone_name: zone } : {}),
        url: programUrl,
        rooms: schedule.rooms.map((room) => ({
          name: room.name,
          ...(C3VOC_SLUG.test(room.slug) ? { slug: room.slug } : {}),
          guid: room.guid,
          description: room.description === '' ? null : room.description,
          capacity: room.capacity,
        })),
        tracks: program.tracks.map((track) => ({
          name: track.name,
          ...(C3VOC_SLUG.test(track.slug) ? { slug: track.slug } : {}),
          ...(track.color === null ? {} : { color: track.color }),
        })),
        days: days.map((day) => {
          // Keyed by room name, as the format is (rooms sharing a name share a list), in the
          // event's room order. A Map, so that a room named "__proto__" is a key like any other.
          const rooms = new Map<string, ScheduledTalk[]>();
          const talksOfDay = scheduledTalks(day.slots).sort(
            (a, b) => (a.room?.position ?? 0) - (b.room?.position ?? 0) || (a.room?.id ?? 0) - (b.room?.id ?? 0),
          );
          for (const slot of talksOfDay) {
            const name = slot.room?.name ?? '';
            const list = rooms.get(name);
            if (list) list.push(slot);
            else rooms.set(name, [slot]);
          }
          return {
            index: day.index,
            date: day.date,
            day_start: localIso(day.start, zone),
            day_end: localIso(day.end, zone),
            rooms: Object.fromEntries([...rooms].map(([name, slots]) => [name, new LazyJsonList(slots, event)])),
          };
        }),
      },
    },
  };
  yield* jsonChunks(document);
  yield '\n';
}

export const c3vocJsonExporter: Exporter = {
  identifier: 'c3voc-json',
  fileName: 'schedule.json',
  contentType: 'application/json; charset=utf-8',
  label: 'Schedule JSON',
  description:
    'The schedule in the JSON format that frab and pretalx publish (schedule.json), for apps, signage and recording pipelines; valid against the c3voc schema.',
  requiresReleasedSchedule: true,
  chunks: c3vocJsonChunks,
};
