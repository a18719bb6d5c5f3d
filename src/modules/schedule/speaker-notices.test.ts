import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailTemplates, outbox, speakers, talks } from '../../db/schema.js';
import { scheduleWorld, type ScheduleWorld } from '../../../test/helpers/schedule-world.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { createUser } from '../../../test/helpers/site.js';
import { placeTalk, releaseSchedule, unscheduleTalk } from './index.js';

const URL = 'https://lectern.test';

/** The world with Ada and Grace signed up (Looms is both of theirs) and Weaving by Charles, who has no account. */
async function world(): Promise<ScheduleWorld & { weaving: string }> {
  const w = await scheduleWorld();
  const ada = await createUser(w.db, { email: 'Ada@Example.com', name: 'Ada' });
  const grace = await createUser(w.db, { email: 'grace@example.com', name: 'Grace' });
  await w.db.update(speakers).set({ userId: ada.id }).where(eq(speakers.id, w.speakers.ada));
  await w.db.update(speakers).set({ userId: grace.id }).where(eq(speakers.id, w.speakers.grace));
  const weaving = await createProposal(w.db, {
    eventSlug: 'conf',
    title: 'Weaving',
    state: 'confirmed',
    speakers: [{ name: 'Charles Babbage' }],
  });
  return { ...w, weaving: weaving.code };
}

async function mails(w: ScheduleWorld) {
  return w.db
    .select({ to: outbox.recipient, subject: outbox.subject, body: outbox.body, status: outbox.status })
    .from(outbox)
    .orderBy(asc(outbox.id));
}

async function slugOf(w: ScheduleWorld, code: string): Promise<string> {
  const [talk] = await w.db.select({ slug: talks.slug }).from(talks).where(eq(talks.code, code));
  return talk!.slug;
}

describe('mail to speakers on a release', () => {
  it('tells each speaker of the first release, once, every talk of theirs it schedules, in the event’s zone', async () => {
    const w = await world();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.looms, room: 'room-2', start: '2026-10-31T10:00' });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.weaving, room: 'main-hall', start: '2026-10-31T11:00' });

    const release = await releaseSchedule(w.db, w.organiser, w.event, { notifySpeakers: true, publicUrl: URL });

    expect(release.notices).toEqual({ mailed: 2, withoutAddress: 1 });
    const engines = await slugOf(w, w.talks.engines);
    const looms = await slugOf(w, w.talks.looms);
    expect(await mails(w)).toEqual([
      {
        to: 'ada@example.com',
        subject: '[Conf 2026] Your talk is scheduled',
        status: 'pending',
        body: `Hello Ada Lovelace,

The schedule of Conf 2026 is out, and your talk is in it:

Scheduled: “Engines”, Sat 31 Oct 2026 10:00–10:30, Main Hall
  https://lectern.test/conf/talks/${engines}
Scheduled: “Looms”, Sat 31 Oct 2026 10:00–10:30, Room 2
  https://lectern.test/conf/talks/${looms}

Times are in the event’s time zone, America/Los_Angeles.

The whole schedule:
https://lectern.test/conf/schedule

The Conf 2026 organisers`,
      },
      {
        to: 'grace@example.com',
        subject: '[Conf 2026] Your talk is scheduled',
        status: 'pending',
        body: `Hello Grace Hopper,

The schedule of Conf 2026 is out, and your talk is in it:

Scheduled: “Looms”, Sat 31 Oct 2026 10:00–10:30, Room 2
  https://lectern.test/conf/talks/${looms}

Times are in the event’s time zone, America/Los_Angeles.

The whole schedule:
https://lectern.test/conf/schedule

The Conf 2026 organisers`,
      },
    ]);
  });

  it('tells later releases’ speakers what moved, was placed, taken off or cancelled, and nobody whose talks did not change', async () => {
    const w = await world();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.looms, room: 'room-2', start: '2026-10-31T10:00' });
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.compilers, room: 'room-2', start: '2026-10-31T11:00' });
    await releaseSchedule(w.db, w.organiser, w.event, {});
    // Grace's Looms moves to the next day, her Compilers leaves the schedule; Ada's Engines stays.
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.looms, room: 'main-hall', start: '2026-11-01T14:00' });
    await unscheduleTalk(w.db, w.organiser, w.event, w.talks.compilers);
    // Weaving (Charles: no account) is placed.
    await placeTalk(w.db, w.organiser, w.event, { talk: w.weaving, room: 'room-2', start: '2026-11-01T09:00' });

    const release = await releaseSchedule(w.db, w.organiser, w.event, {
      version: 'v2',
      notifySpeakers: true,
      publicUrl: URL,
    });

    expect(release.notices).toEqual({ mailed: 2, withoutAddress: 1 });
    const looms = await slugOf(w, w.talks.looms);
    const compilers = await slugOf(w, w.talks.compilers);
    const sent = await mails(w);
    expect(sent.map((m) => [m.to, m.subject])).toEqual([
      ['ada@example.com', '[Conf 2026] The schedule changed for your talk'],
      ['grace@example.com', '[Conf 2026] The schedule changed for your talk'],
    ]);
    expect(sent[1]!.body).toBe(`Hello Grace Hopper,

Conf 2026 released a new version of its schedule (v2). What it changes for you:

Moved: “Looms”, from Sat 31 Oct 2026 10:00–10:30, Room 2 to Sun 1 Nov 2026 14:00–14:30, Main Hall
  https://lectern.test/conf/talks/${looms}
Taken off the schedule: “Compilers” (it was Sat 31 Oct 2026 11:00–11:30, Room 2); it stays on the program
  https://lectern.test/conf/talks/${compilers}

Times are in the event’s time zone, America/Los_Angeles.

The whole schedule:
https://lectern.test/conf/schedule

The Conf 2026 organisers`);
    expect(sent[0]!.body).toContain(
      `What it changes for you:

Moved: “Looms”, from Sat 31 Oct 2026 10:00–10:30, Room 2 to Sun 1 Nov 2026 14:00–14:30, Main Hall
  https://lectern.test/conf/talks/${looms}

Times are`,
    );
  });

  it('says cancelled, with a link to the speaker’s own page, for a talk withdrawn since the last release', async () => {
    const w = await world();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    await releaseSchedule(w.db, w.organiser, w.event, {});
    await w.db.update(talks).set({ state: 'withdrawn' }).where(eq(talks.code, w.talks.engines));

    const release = await releaseSchedule(w.db, w.organiser, w.event, { notifySpeakers: true, publicUrl: URL });

    expect(release.changes.map((c) => [c.kind, c.title])).toEqual([['cancelled', 'Engines']]);
    const [mail] = await mails(w);
    expect(mail!.to).toBe('ada@example.com');
    expect(mail!.body).toContain(
      `Cancelled: “Engines” (it was Sat 31 Oct 2026 10:00–10:30, Main Hall); it is no longer on the program
  https://lectern.test/conf/me/proposals/${w.talks.engines}
`,
    );
  });

  it('uses the event’s own wording of the mail', async () => {
    const w = await world();
    await w.db.insert(mailTemplates).values({
      eventId: w.event.id,
      key: 'talk-scheduled',
      subject: 'Release {release_version} for {speaker_name}',
      body: 'See:\n{schedule_changes}',
    });
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.compilers,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });

    await releaseSchedule(w.db, w.organiser, w.event, { notifySpeakers: true, publicUrl: URL });

    expect(await mails(w)).toEqual([
      {
        to: 'grace@example.com',
        subject: 'Release 1 for Grace Hopper',
        status: 'pending',
        body: `See:\nScheduled: “Compilers”, Sat 31 Oct 2026 10:00–10:30, Main Hall\n  https://lectern.test/conf/talks/${await slugOf(w, w.talks.compilers)}\n\nTimes are in the event’s time zone, America/Los_Angeles.`,
      },
    ]);
  });

  it('mails nobody when the organiser unticks “Notify speakers”, and nothing when the release fails', async () => {
    const w = await world();
    await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    const quiet = await releaseSchedule(w.db, w.organiser, w.event, { notifySpeakers: false, publicUrl: URL });
    expect(quiet.notices).toBeUndefined();
    await placeTalk(w.db, w.organiser, w.event, { talk: w.talks.engines, room: 'room-2', start: '2026-10-31T10:00' });

    await expect(
      releaseSchedule(w.db, w.organiser, w.event, { version: '1', notifySpeakers: true, publicUrl: URL }),
    ).rejects.toThrow('version: "1" was already released; a release needs a new version name');

    expect(await mails(w)).toEqual([]);
  });
});
