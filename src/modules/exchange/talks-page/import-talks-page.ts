import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import { levels, speakers, talks, tracks } from '../../../db/schema.js';
import { slugify } from '../../../shared/slug.js';
import {
  DEFAULT_LEVEL_NAMES,
  eventNameFromSlug,
  matchTracks,
  newTrackSlug,
  notifyProgramChanged,
  requireEventName,
  requireEventSlug,
  speakerNameKey,
  syncImportedEvent,
  syncImportedProgram,
  talkTitleKey,
  trackNameKey,
  updateEventRecord,
} from '../../program/index.js';
import { parseTalksPage, type ImportWarning, type ParsedSpeaker, type ParsedTalk } from './parse-talks-page.js';
import { formatCount, linesByKind, warning } from '../../../shared/warnings.js';

export const TALKS_PAGE_SOURCE = 'talks-page';

export interface ImportTalksPageInput {
  eventSlug: string;
  /** The event's name; kept as it is when omitted and the event exists. */
  eventName?: string | undefined;
  /** The file's bytes or text. */
  content: string | Uint8Array;
}

export interface EntityChanges {
  created: number;
  updated: number;
  removed: number;
}

export interface ImportReport {
  event: { slug: string; name: string; created: boolean };
  counts: { tracks: number; levels: number; talks: number; speakers: number };
  changes: { tracks: EntityChanges; talks: EntityChanges; speakers: EntityChanges };
  /** Talks imported with something missing, by title and line. */
  needsAttention: { title: string; line: number; reasons: string[] }[];
  warnings: ImportWarning[];
  /** False when the import found the database already matching the file. */
  changed: boolean;
}

/** The command line's names for the event's slug and name, which errors name. */
const EVENT_FIELDS = { slug: '--event', name: '--name', timezone: '--timezone' };

/**
 * The key that finds a talk again when the file is imported once more. Titled talks are
 * found by title; an untitled one by its track and text, which is all it has. When the key
 * changes (a new title, an edited untitled talk), the talk is found by its track and speakers.
 */
function sourceKey(talk: ParsedTalk): string {
  if (!talk.titleMissing) return talkTitleKey(talk.title);
  const digest = createHash('sha256')
    .update(`${trackNameKey(talk.track)}\n${talk.description}\n${talk.abstract}`)
    .digest('hex');
  return `untitled:${digest.slice(0, 16)}`;
}

/**
 * Imports a talks page into an event: creates the event, its tracks, the three levels,
 * the speakers and the talks (through the program module's syncImportedProgram: a page has no
 * ids, so a person is their exact name, and a talk the page no longer lists is deleted), or
 * updates them in place when the event was imported before.
 * Importing the same file twice changes nothing. One transaction: a file that cannot be
 * read leaves the database as it was.
 */
export async function importTalksPage(db: Database, input: ImportTalksPageInput): Promise<ImportReport> {
  const eventSlug = requireEventSlug(input.eventSlug, EVENT_FIELDS.slug);
  const eventName = input.eventName === undefined ? undefined : requireEventName(input.eventName, EVENT_FIELDS.name);
  const parsed = parseTalksPage(input.content);
  const warnings = [...parsed.warnings];

  // Two talks with one title would be one talk on re-import; keep both, keyed apart by a
  // suffix that no other talk's key uses (a title may itself end in "#2").
  const baseKeys = parsed.talks.map(sourceKey);
  const taken = new Set(baseKeys);
  const firstLines = new Map<string, number>();
  const parsedTalks = parsed.talks.map((talk, i) => {
    let key = baseKeys[i]!;
    const firstLine = firstLines.get(key);
    if (firstLine === undefined) {
      firstLines.set(key, talk.line);
      return { talk, key };
    }
    warnings.push({
      line: talk.line,
      ...warning`another talk titled "${talk.title}" is on line ${firstLine}; both are imported`,
    });
    let n = 2;
    while (taken.has(`${key}#${n}`)) n++;
    key = `${key}#${n}`;
    taken.add(key);
    return { talk, key };
  });

  return db.transaction(async (tx) => {
    let changed = false;
    // --- event
    const {
      event,
      created: eventCreated,
      changed: eventChanged,
    } = await syncImportedEvent(
      tx,
      eventSlug,
      { name: eventName },
      { name: eventNameFromSlug(eventSlug), timezone: 'UTC' },
      EVENT_FIELDS,
    );
    changed ||= eventChanged;
    const eventId = event.id;

    // --- levels: the usual three (which the page's levels are), for an event that lost one
    const existingLevels = await tx.select().from(levels).where(eq(levels.eventId, eventId));
    const levelIds = new Map<string, number>();
    for (const [i, name] of DEFAULT_LEVEL_NAMES.entries()) {
      const slug = slugify(name);
      const found = existingLevels.find((level) => level.slug === slug);
      if (found) {
        levelIds.set(name, found.id);
        continue;
      }
      const [created] = await tx
        .insert(levels)
        .values({ eventId, slug, name, position: i + 1 })
        .returning();
      levelIds.set(name, created!.id);
      changed = true;
    }
    const levelCount = new Set([...existingLevels.map((l) => l.id), ...levelIds.values()]).size;

    // --- tracks, in order of first appearance, one per name however it is spelt
    const trackChanges: EntityChanges = { created: 0, updated: 0, removed: 0 };
    const existingTracks = await tx.select().from(tracks).where(eq(tracks.eventId, eventId));
    const trackSlugs = new Set(existingTracks.map((t) => t.slug));
    const trackNames = new Map<string, string>();
    for (const { talk } of parsedTalks) {
      const key = trackNameKey(talk.track);
      if (!trackNames.has(key)) trackNames.set(key, talk.track);
    }
    const matchedTracks = matchTracks(existingTracks, [...trackNames.values()]);
    const trackIds = new Map<string, number>();
    for (const [i, [key, name]] of [...trackNames].entries()) {
      const found = matchedTracks.get(name);
      if (found) {
        trackIds.set(key, found.id);
        if (found.name !== name || found.position !== i + 1) {
          await tx
            .update(tracks)
            .set({ name, position: i + 1 })
            .where(eq(tracks.id, found.id));
          trackChanges.updated++;
        }
        continue;
      }
      const [created] = await tx
        .insert(tracks)
        .values({ eventId, slug: newTrackSlug(name, trackSlugs), name, position: i + 1 })
        .returning();
      trackIds.set(key, created!.id);
      trackChanges.created++;
    }

    // --- speakers and talks: one per person across talks; talks the file no longer lists are deleted
    const people = new Map<string, ParsedSpeaker>();
    for (const { talk } of parsedTalks) {
      for (const speaker of talk.speakers) {
        const key = speakerNameKey(speaker.name);
        const known = people.get(key);
        if (!known || (known.biography === '' && speaker.biography !== '')) {
          people.set(key, { ...speaker, name: known?.name ?? speaker.name });
        }
      }
    }
    const synced = await syncImportedProgram(tx, event, {
      source: TALKS_PAGE_SOURCE,
      relatedSources: [],
      speakers: [...people].map(([key, person]) => ({
        key,
        name: person.name,
        // A page gives every speaker's biography, an empty one too: it replaces the profile's.
        biography: person.biography,
        guid: undefined,
        code: undefined,
      })),
      talks: parsedTalks.map(({ talk, key }) => ({
        where: `line ${talk.line}`,
        sourceKey: key,
        guid: undefined,
        guidIfTaken: undefined,
        slug: undefined,
        title: talk.title,
        description: talk.description,
        abstract: talk.abstract,
        attention: talk.attention,
        trackId: trackIds.get(trackNameKey(talk.track))!,
        levelId: levelIds.get(talk.level)!,
        speakerKeys: talk.speakers.map((s) => speakerNameKey(s.name)),
        details: undefined,
      })),
      unlisted: 'delete',
    });
    const talkChanges: EntityChanges = synced.talks;
    const speakerChanges: EntityChanges = synced.speakers;

    // A track left with no talk has nothing on the program any more.
    const keptTrackIds = [...trackIds.values()];
    const staleTrackIds = existingTracks.map((t) => t.id).filter((id) => !keptTrackIds.includes(id));
    if (staleTrackIds.length > 0) {
      const stillUsed = await tx
        .select({ trackId: talks.trackId })
        .from(talks)
        .where(inArray(talks.trackId, staleTrackIds));
      const toRemove = staleTrackIds.filter((id) => !stillUsed.some((t) => t.trackId === id));
      if (toRemove.length > 0) {
        await tx.delete(tracks).where(inArray(tracks.id, toRemove));
        trackChanges.removed = toRemove.length;
      }
    }
    const anyChange = [trackChanges, talkChanges, speakerChanges].some((c) => c.created + c.updated + c.removed > 0);
    changed = changed || anyChange || synced.searchDocumentsUpdated > 0;
    if (changed) {
      if (!eventCreated) await updateEventRecord(tx, eventId, {});
      await notifyProgramChanged(tx, eventSlug);
    }

    // One connection in a transaction: one query at a time.
    const talkTotal = await tx.$count(talks, eq(talks.eventId, eventId));
    const speakerTotal = await tx.$count(speakers, eq(speakers.eventId, eventId));
    const trackTotal = await tx.$count(tracks, eq(tracks.eventId, eventId));
    return {
      event: { slug: event.slug, name: event.name, created: eventCreated },
      counts: { tracks: trackTotal, levels: levelCount, talks: talkTotal, speakers: speakerTotal },
      changes: { tracks: trackChanges, talks: talkChanges, speakers: speakerChanges },
      needsAttention: parsedTalks
        .filter(({ talk }) => talk.attention.length > 0)
        .map(({ talk }) => ({ title: talk.title, line: talk.line, reasons: talk.attention })),
      warnings: warnings.sort((a, b) => a.line - b.line),
      changed,
    };
  });
}

/** The report as the CLI prints it, with at most a few warnings of each kind, then how many more there are. */
export function formatImportReport(report: ImportReport, file: string): string {
  const change = (c: EntityChanges) => {
    const parts = [
      c.created && `${c.created} new`,
      c.updated && `${c.updated} updated`,
      c.removed && `${c.removed} removed`,
    ];
    const said = parts.filter(Boolean).join(', ');
    return said ? ` (${said})` : '';
  };
  const lines = [
    `Imported ${file} into event "${report.event.name}" (${report.event.slug})${report.event.created ? ', a new event' : ''}.`,
    report.changed ? '' : 'Nothing changed: the event already matches this file.',
    `  tracks:   ${report.counts.tracks}${change(report.changes.tracks)}`,
    `  levels:   ${report.counts.levels}`,
    `  talks:    ${report.counts.talks}${change(report.changes.talks)}`,
    `  speakers: ${report.counts.speakers}${change(report.changes.speakers)}`,
  ].filter((line) => line !== '');
  if (report.needsAttention.length > 0) {
    lines.push(`Talks needing attention (${formatCount(report.needsAttention.length)}):`);
    // Talks missing the same things are one kind.
    const talks = report.needsAttention.map((talk) => ({ ...talk, kind: talk.reasons.join(', ') }));
    lines.push(...linesByKind(talks, (talk) => `  line ${talk.line}: "${talk.title}": ${talk.kind}`));
  }
  if (report.warnings.length > 0) {
    lines.push(`Warnings (${formatCount(report.warnings.length)}):`);
    lines.push(...linesByKind(report.warnings, (warning) => `  line ${warning.line}: ${warning.message}`));
  }
  return lines.join('\n');
}
