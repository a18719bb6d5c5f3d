import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { talks } from '../../db/schema.js';
import { ForbiddenError } from '../../shared/errors.js';
import { scheduleWorld } from '../../../test/helpers/schedule-world.js';
import { loadProposalInputs, loadScheduleEditor, placeTalk } from '../schedule/index.js';
import {
  createSessionType,
  deleteSessionType,
  listSessionTypes,
  updateSessionType,
  type SessionTypeInput,
} from './session-types.js';

const WORKSHOP: SessionTypeInput = {
  name: '  Hands-on   workshop ',
  durationMinutes: '90',
  deadline: '2026-09-30T23:59',
  maxSpeakers: '2',
  isPublic: true,
};

describe('session types', () => {
  it('creates one with a slug from its name, its deadline read in the event time zone', async () => {
    const w = await scheduleWorld();
    const created = await createSessionType(w.db, w.organiser, w.event, WORKSHOP);
    expect(created).toEqual({
      id: expect.any(Number),
      slug: 'hands-on-workshop',
      name: 'Hands-on workshop',
      position: 1,
      talkCount: 0,
      durationMinutes: 90,
      // 23:59 in Los Angeles, summer time.
      deadline: new Date('2026-10-01T06:59:00Z'),
      maxSpeakers: 2,
      isPublic: true,
    });
    expect(await listSessionTypes(w.db, w.organiser, w.event)).toEqual([created]);
  });

  it('is for organisers only', async () => {
    const w = await scheduleWorld();
    await expect(createSessionType(w.db, w.reviewer, w.event, WORKSHOP)).rejects.toThrow(ForbiddenError);
    await expect(createSessionType(w.db, w.stranger, w.event, WORKSHOP)).rejects.toThrow(ForbiddenError);
    await expect(listSessionTypes(w.db, w.reviewer, w.event)).rejects.toThrow(ForbiddenError);
  });

  it('keeps the slug when the name changes, and clears a deadline and a limit left empty', async () => {
    const w = await scheduleWorld();
    const created = await createSessionType(w.db, w.organiser, w.event, WORKSHOP);
    const updated = await updateSessionType(w.db, w.organiser, w.event, created.id, {
      name: 'Workshop',
      durationMinutes: '120',
      deadline: '',
      maxSpeakers: '',
      isPublic: false,
    });
    expect(updated).toEqual({
      ...created,
      name: 'Workshop',
      durationMinutes: 120,
      deadline: null,
      maxSpeakers: null,
      isPublic: false,
    });
  });

  it("gives a talk without a length of its own its type's duration in the schedule editor, the solver's inputs and a placement", async () => {
    const w = await scheduleWorld();
    const workshop = await createSessionType(w.db, w.organiser, w.event, WORKSHOP);
    await w.db.update(talks).set({ sessionTypeId: workshop.id }).where(eq(talks.code, w.talks.engines));
    // Looms has a length of its own, which wins over its type's.
    await w.db
      .update(talks)
      .set({ sessionTypeId: workshop.id, durationMinutes: 45 })
      .where(eq(talks.code, w.talks.looms));

    const inputs = await loadProposalInputs(w.db, w.organiser, w.event);
    expect(inputs.talks.map((talk) => [talk.title, talk.durationMinutes])).toEqual([
      ['Engines', 90],
      ['Compilers', 30],
      ['Looms', 45],
    ]);
    const editor = await loadScheduleEditor(w.db, w.organiser, w.event, {});
    expect(editor.unplaced.talks.map((talk) => [talk.title, talk.durationMinutes])).toEqual([
      ['Engines', 90],
      ['Compilers', 30],
      ['Looms', 45],
    ]);
    const placed = await placeTalk(w.db, w.organiser, w.event, {
      talk: w.talks.engines,
      room: 'main-hall',
      start: '2026-10-31T10:00',
    });
    expect(+placed.end - +placed.start).toBe(90 * 60_000);
  });

  it('refuses deleting a type talks are of unless they move; deletes an unused one', async () => {
    const w = await scheduleWorld();
    const workshop = await createSessionType(w.db, w.organiser, w.event, WORKSHOP);
    const talk = await createSessionType(w.db, w.organiser, w.event, {
      ...WORKSHOP,
      name: 'Talk',
      durationMinutes: '30',
    });
    await w.db.update(talks).set({ sessionTypeId: workshop.id }).where(eq(talks.code, w.talks.engines));
    await expect(deleteSessionType(w.db, w.organiser, w.event, workshop.id, {})).rejects.toThrow(
      'moveTo: 1 talk or proposal is in the session type "Hands-on workshop": choose a session type to move it to',
    );
    const { deleted, movedTo } = await deleteSessionType(w.db, w.organiser, w.event, workshop.id, {
      moveTo: talk.id,
    });
    expect([deleted.name, movedTo?.name]).toEqual(['Hands-on workshop', 'Talk']);
    expect(await listSessionTypes(w.db, w.organiser, w.event)).toEqual([{ ...talk, position: 1, talkCount: 1 }]);
  });
});
