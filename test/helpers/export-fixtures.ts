import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { events, levels, scheduleSlots, speakers, talks, tracks } from '../../src/db/schema.js';
import { loadEventProgram, type EventProgram } from '../../src/modules/agenda/event-program.js';
import { releaseScheduleWithin, type ReleaseSummary } from '../../src/modules/schedule/index.js';
import { createProposal } from './proposals.js';
import { createDays, createRooms, localTime } from './schedule.js';

/** Small programs written straight to the database, for the exporters' tests. */

export const EXPORT_CONTEXT = { publicUrl: 'https://lectern.example.org' };

export async function createEvent(
  db: Database,
  traits: { slug: string; name: string; timezone: string; language?: string },
): Promise<typeof events.$inferSelect> {
  const [event] = await db
    .insert(events)
    .values({ slug: traits.slug, name: traits.name, timezone: traits.timezone, language: traits.language ?? 'en' })
    .returning();
  return event!;
}

export async function release(db: Database, eventSlug: string, version?: string): Promise<ReleaseSummary> {
  const [event] = await db.select().from(events).where(eq(events.slug, eventSlug));
  return db.transaction((tx) => releaseScheduleWithin(tx, event!, { version, comment: '' }, null));
}

/** Ada Lovelace's GUID, as an imported file would give it, in imported(). */
export const ADA_GUID = 'ada00000-0000-4000-8000-000000000001';

/**
 * Demo Conf as a schedule import would leave it (createDemoConf first): the acronym `democonf`,
 * the track's colour, Ada's GUID and pretalx code; "Fast <XML>" a workshop in "de, en" with the
 * file's id 7 and slug `democonf-fast`, a link, an attachment, a feedback URL, a licence, may be
 * recorded but not streamed, and a Markdown link in its description; "Calendars" imported from
 * a frab file that gave no language or type.
 */
export async function giveDemoConfImportedFields(db: Database): Promise<void> {
  await db.update(events).set({ acronym: 'democonf' }).where(eq(events.slug, 'demo-conf'));
  await db.update(tracks).set({ color: '#f9b000' }).where(eq(tracks.slug, 'web-apis'));
  await db.update(speakers).set({ guid: ADA_GUID, code: 'ADA123' }).where(eq(speakers.name, 'Ada Lovelace'));
  await db
    .update(talks)
    .set({
      slug: 'democonf-fast',
      externalId: 7,
      sessionType: 'Workshop',
      language: 'de, en',
      description: 'A pitch, with [Gluon](https://gluon.example.org/?a=1&b=2).',
      links: [{ url: 'https://slides.example.org/fast', title: 'Slides', type: 'slides' }],
      attachments: [{ url: 'https://files.example.org/fast.pdf', title: 'Paper & notes' }],
      feedbackUrl: 'https://feedback.example.org/fast',
      recordingLicence: 'CC BY 4.0',
      doNotRecord: false,
      doNotStream: true,
    })
    .where(eq(talks.slug, 'fast-xml-json'));
  await db.update(talks).set({ source: 'frab', language: null }).where(eq(talks.slug, 'calendars-done-right'));
}

export async function program(db: Database, slug: string): Promise<EventProgram> {
  const loaded = await loadEventProgram(db, slug);
  if (!loaded) throw new Error(`no published event ${slug}`);
  return loaded;
}

/**
 * Demo Conf 2026 (demo-conf, Europe/Berlin), released as "1.0" on 2026-06-12:
 * - "Fast <XML> & "JSON"" by Ada Lovelace and Grace Hopper, track Web & APIs, Beginner, in the
 *   Main Hall 10:00–10:30;
 * - "Calendars, done right" by Zoë Müller, no track, in Room 2 10:00–10:45 (its own 45 minutes);
 * - "Unscheduled idea" by Ada Lovelace, not scheduled;
 * - a lunch break across every room 12:00–13:00.
 */
export async function createDemoConf(db: Database): Promise<void> {
  const zone = 'Europe/Berlin';
  const event = await createEvent(db, { slug: 'demo-conf', name: 'Demo Conf 2026', timezone: zone });
  await db.insert(tracks).values({ eventId: event.id, slug: 'web-apis', name: 'Web & APIs', position: 1 });
  await db.insert(levels).values({ eventId: event.id, slug: 'beginner', name: 'Beginner', position: 1 });
  const fast = await createProposal(db, {
    eventSlug: 'demo-conf',
    title: 'Fast <XML> & "JSON"',
    state: 'confirmed',
    description: 'A *short* pitch.',
    abstract: 'The long text.\n\nIn two paragraphs.',
    trackSlug: 'web-apis',
    levelSlug: 'beginner',
    speakers: [
      { name: 'Ada Lovelace', biography: 'Wrote the first program.' },
      { name: 'Grace Hopper', biography: 'Found a moth.' },
    ],
  });
  const calendars = await createProposal(db, {
    eventSlug: 'demo-conf',
    title: 'Calendars, done right',
    state: 'confirmed',
    description: 'Time zones; line folding.',
    abstract: '',
    speakers: [{ name: 'Zoë Müller', biography: '' }],
  });
  await db.update(talks).set({ durationMinutes: 45, language: 'de' }).where(eq(talks.id, calendars.id));
  await createProposal(db, {
    eventSlug: 'demo-conf',
    title: 'Unscheduled idea',
    state: 'confirmed',
    description: '=1+1 is not a formula here.',
    speakers: [{ name: 'Ada Lovelace' }],
  });
  const [main, second] = await createRooms(db, event.id, [
    { name: 'Main Hall', capacity: 400 },
    { name: 'Room 2', capacity: 80 },
  ]);
  await createDays(db, event.id, zone, ['2026-06-12']);
  const at = (time: string) => localTime('2026-06-12', time, zone);
  await db.insert(scheduleSlots).values([
    { eventId: event.id, kind: 'talk', talkId: fast.id, roomId: main!, startsAt: at('10:00'), endsAt: at('10:30') },
    {
      eventId: event.id,
      kind: 'talk',
      talkId: calendars.id,
      roomId: second!,
      startsAt: at('10:00'),
      endsAt: at('10:45'),
    },
    { eventId: event.id, kind: 'break', title: 'Lunch', roomId: null, startsAt: at('12:00'), endsAt: at('13:00') },
  ]);
  await release(db, 'demo-conf', '1.0');
}

/**
 * Fall Fest (fall-fest, America/Los_Angeles) around the end of daylight saving time: at
 * 02:00 PDT on 2026-11-01 clocks go back to 01:00 PST, so 01:00–02:00 happens twice. One room,
 * talks at (UTC → local):
 * - "Saturday" 2026-10-31 17:00Z → 10:00-07:00, 60 minutes;
 * - "Past midnight" 2026-11-01 07:30Z → 00:30-07:00, 60 minutes;
 * - "First 1:30" 08:30Z → 01:30-07:00, 30 minutes (ends 01:00-08:00, the second 01:00);
 * - "Second 1:30" 09:30Z → 01:30-08:00, 30 minutes;
 * - "After the change" 11:00Z → 03:00-08:00, 60 minutes.
 */
export const FALL_FEST_TALKS = [
  { title: 'Saturday', start: '2026-10-31T17:00:00Z', minutes: 60 },
  { title: 'Past midnight', start: '2026-11-01T07:30:00Z', minutes: 60 },
  { title: 'First 1:30', start: '2026-11-01T08:30:00Z', minutes: 30 },
  { title: 'Second 1:30', start: '2026-11-01T09:30:00Z', minutes: 30 },
  { title: 'After the change', start: '2026-11-01T11:00:00Z', minutes: 60 },
] as const;

export async function createFallFest(db: Database): Promise<void> {
  const zone = 'America/Los_Angeles';
  const event = await createEvent(db, { slug: 'fall-fest', name: 'Fall Fest', timezone: zone });
  const [hall] = await createRooms(db, event.id, [{ name: 'Hall' }]);
  await createDays(db, event.id, zone, ['2026-10-31', '2026-11-01'], '00:00', '18:00');
  for (const talk of FALL_FEST_TALKS) {
    const created = await createProposal(db, {
      eventSlug: 'fall-fest',
      title: talk.title,
      state: 'confirmed',
      speakers: [{ name: 'Sam Clock' }],
    });
    const startsAt = new Date(talk.start);
    await db.insert(scheduleSlots).values({
      eventId: event.id,
      kind: 'talk',
      talkId: created.id,
      roomId: hall!,
      startsAt,
      endsAt: new Date(startsAt.getTime() + talk.minutes * 60_000),
    });
  }
  await release(db, 'fall-fest');
}
