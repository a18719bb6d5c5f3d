import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { scheduleSlots, talks } from '../../db/schema.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { importPyBay } from '../../../test/helpers/app.js';
import { localTime, scheduleAndRelease } from '../../../test/helpers/schedule.js';
import { Agenda } from '../agenda/index.js';
import { latestRelease, listReleases, releaseScheduleWithin } from './index.js';

const ZONE = 'America/Los_Angeles';

describe('releasing a schedule', () => {
  it('stamps the first release "1" with every placed talk and a lunch break as added', async () => {
    const { db } = await testDatabase();
    await importPyBay(db);
    const release = await scheduleAndRelease(db, {
      eventSlug: 'pybay-2016',
      zone: ZONE,
      dates: ['2016-08-20', '2016-08-21'],
      lunch: true,
      comment: 'First schedule',
    });
    expect(release.version).toBe('1');
    expect(release.comment).toBe('First schedule');
    expect(release.changes).toHaveLength(38 + 2);
    expect(release.changes.every((c) => c.kind === 'added' && c.before === null)).toBe(true);
    const stored = await latestRelease(db, (await db.query.events.findFirst())!.id);
    expect(stored?.snapshot.slots).toHaveLength(40);
    expect(stored?.snapshot.rooms.map((r) => r.name)).toEqual(['Main Hall', 'Room 2']);
    expect(stored?.snapshot.days.map((d) => d.date)).toEqual(['2016-08-20', '2016-08-21']);
  });

  it('lists what moved, was removed and was cancelled in the next release, and names versions uniquely', async () => {
    const { db } = await testDatabase();
    await importPyBay(db);
    await scheduleAndRelease(db, { eventSlug: 'pybay-2016', zone: ZONE, dates: ['2016-08-20', '2016-08-21'] });
    const event = (await db.query.events.findFirst())!;
    const slots = await db.select().from(scheduleSlots).where(eq(scheduleSlots.eventId, event.id));
    const [moved, removed, cancelled] = slots;
    await db
      .update(scheduleSlots)
      .set({ startsAt: localTime('2016-08-21', '17:00', ZONE), endsAt: localTime('2016-08-21', '17:30', ZONE) })
      .where(eq(scheduleSlots.id, moved!.id));
    await db.delete(scheduleSlots).where(eq(scheduleSlots.id, removed!.id));
    await db.update(talks).set({ state: 'withdrawn' }).where(eq(talks.id, cancelled!.talkId!));

    await expect(db.transaction((tx) => releaseScheduleWithin(tx, event, { version: '1' }, null))).rejects.toThrow(
      'version: "1" was already released; a release needs a new version name',
    );
    const second = await db.transaction((tx) => releaseScheduleWithin(tx, event, { version: 'v2 final' }, null));
    expect(second.version).toBe('v2 final');
    const byKind = Object.fromEntries(second.changes.map((c) => [c.kind, c]));
    expect(second.changes.map((c) => c.kind).sort()).toEqual(['cancelled', 'moved', 'removed']);
    expect(byKind.moved?.after).toEqual({
      room: byKind.moved?.before?.room,
      start: '2016-08-22T00:00:00.000Z',
      end: '2016-08-22T00:30:00.000Z',
    });
    expect(byKind.removed?.after).toBeNull();
    expect(byKind.cancelled?.after).toBeNull();
    expect((await listReleases(db, event.id)).map((r) => r.version)).toEqual(['v2 final', '1']);
    const third = await db.transaction((tx) => releaseScheduleWithin(tx, event, {}, null));
    expect(third.version).toBe('3');
    expect(third.changes).toEqual([]);
  });

  it('shows the latest release to the agenda: talks get their room and time, and stay unscheduled before', async () => {
    const { db } = await testDatabase();
    await importPyBay(db);
    const agenda = new Agenda(db);
    await agenda.loadAll();
    expect(agenda.event('pybay-2016')?.schedule).toBeUndefined();
    await scheduleAndRelease(db, { eventSlug: 'pybay-2016', zone: ZONE, dates: ['2016-08-20', '2016-08-21'] });
    await agenda.reload('pybay-2016');
    const program = agenda.event('pybay-2016')!;
    expect(program.schedule?.version).toBe('1');
    expect(program.schedule?.days.map((d) => [d.date, d.index, d.slots.length, d.rooms.length])).toEqual([
      ['2016-08-20', 1, 26, 2],
      ['2016-08-21', 2, 12, 1],
    ]);
    const first = program.talks[0]!;
    expect(first.slot?.room?.name).toBe('Main Hall');
    expect(first.slot?.start.toISOString()).toBe('2016-08-20T16:00:00.000Z');
    expect(program.releases.map((r) => r.version)).toEqual(['1']);
  });
});
