import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, speakers, talks } from '../../db/schema.js';
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { testDatabase } from '../../../test/helpers/database.js';
import { createProposal } from '../../../test/helpers/proposals.js';
import { addToTeam, createUser } from '../../../test/helpers/site.js';
import { apiTokenActor, loadActor } from '../accounts/index.js';
import {
  createProgramTalk,
  getProgramTalk,
  listProgramTalks,
  listSpeakerProfiles,
  updateProgramTalk,
  type TalkFields,
} from './talks-admin.js';

async function setUp() {
  const { db } = await testDatabase();
  const [event] = await db.insert(events).values({ slug: 'conf', name: 'Conf' }).returning();
  const organiser = await createUser(db, { email: 'orga@example.com' });
  await addToTeam(db, 'conf', organiser.id, 'organiser');
  const confirmed = await createProposal(db, {
    eventSlug: 'conf',
    title: 'Engines',
    state: 'confirmed',
    speakers: [{ name: 'Ada Lovelace' }],
  });
  await createProposal(db, {
    eventSlug: 'conf',
    title: 'Not yet',
    state: 'submitted',
    speakers: [{ name: 'Grace Hopper' }],
  });
  return { db, event: event!, confirmed, orga: (await loadActor(db, organiser.id))! };
}

const FIELDS: TalkFields = {
  title: 'Engines',
  description: '',
  abstract: '',
  trackId: null,
  levelId: null,
  durationMinutes: null,
};

describe('program talks', () => {
  it('gives a new talk whose title is taken a slug of its own, and keeps it through a change of title', async () => {
    const { db, event, orga } = await setUp();
    const [ada] = await db.select().from(speakers).where(eq(speakers.name, 'Ada Lovelace'));
    const created = await createProgramTalk(db, orga, event, { ...FIELDS, speakerIds: [ada!.id, ada!.id] });
    expect(created.slug).toBe('engines-2');
    await updateProgramTalk(db, orga, event, created.code, { ...FIELDS, title: 'Difference Engines' });
    const talk = await getProgramTalk(db, orga, event, created.code.toLowerCase());
    expect([talk.title, talk.slug, talk.speakers.map((s) => s.name)]).toEqual([
      'Difference Engines',
      'engines-2',
      ['Ada Lovelace'],
    ]);
  });

  it('writes the search document of the talk changed, and of no other talk of the event', async () => {
    const { db, event, orga, confirmed } = await setUp();
    const [ada] = await db.select().from(speakers).where(eq(speakers.name, 'Ada Lovelace'));
    const created = await createProgramTalk(db, orga, event, { ...FIELDS, speakerIds: [ada!.id] });
    // Another talk's document, emptied: a refresh of the whole event would write it back.
    await db.update(talks).set({ search: null }).where(eq(talks.code, confirmed.code));

    await updateProgramTalk(db, orga, event, created.code, { ...FIELDS, title: 'Analytical Engines' });

    const documents = await db
      .select({ code: talks.code, search: talks.search })
      .from(talks)
      .where(eq(talks.eventId, event.id));
    const search = (code: string) => documents.find((row) => row.code === code)!.search;
    expect(search(confirmed.code)).toBeNull();
    expect(search(created.code)).toContain("'analyt'");
  });

  it('lists only confirmed talks, and treats proposals as not on the program', async () => {
    const { db, event, orga } = await setUp();
    const [proposal] = await db.select().from(talks).where(eq(talks.title, 'Not yet'));
    const list = await listProgramTalks(db, orga, event);
    expect(list.talks.map((t) => [t.title, t.speakers.map((s) => s.name)])).toEqual([['Engines', ['Ada Lovelace']]]);
    expect([list.total, list.needingAttention]).toEqual([1, 0]);
    await expect(getProgramTalk(db, orga, event, proposal!.code)).rejects.toThrow(NotFoundError);
    await expect(updateProgramTalk(db, orga, event, proposal!.code, FIELDS)).rejects.toThrow(NotFoundError);
  });

  it('lets an API token act within its event only', async () => {
    const { db, event, orga } = await setUp();
    const [other] = await db.insert(events).values({ slug: 'other', name: 'Other' }).returning();
    const token = apiTokenActor(orga.user, other!.id);
    await expect(listProgramTalks(db, token, event)).rejects.toThrow(ForbiddenError);
    expect((await listProgramTalks(db, token, other!)).total).toBe(0);
  });

  it('lists speaker profiles by name with their talks and proposals counted', async () => {
    const { db, event, orga } = await setUp();
    expect((await listSpeakerProfiles(db, orga, event)).map((s) => [s.name, s.talkCount, s.hasAccount])).toEqual([
      ['Ada Lovelace', 1, false],
      ['Grace Hopper', 1, false],
    ]);
  });

  it('saves a talk’s expected audience and language, leaves them alone when not given, and refuses nonsense', async () => {
    const { db, event, orga, confirmed } = await setUp();
    await updateProgramTalk(db, orga, event, confirmed.code, { ...FIELDS, expectedAudience: 300, language: ' DE ' });
    expect(await getProgramTalk(db, orga, event, confirmed.code)).toMatchObject({
      expectedAudience: 300,
      language: 'de',
    });
    await updateProgramTalk(db, orga, event, confirmed.code, { ...FIELDS, title: 'Engines, again' });
    expect(await getProgramTalk(db, orga, event, confirmed.code)).toMatchObject({
      expectedAudience: 300,
      language: 'de',
    });
    await expect(
      updateProgramTalk(db, orga, event, confirmed.code, { ...FIELDS, expectedAudience: 0 }),
    ).rejects.toThrow('expectedAudience: must be a whole number of people, or empty when unknown');
    await expect(updateProgramTalk(db, orga, event, confirmed.code, { ...FIELDS, language: 'deu' })).rejects.toThrow(
      'language: "deu" is not a language code: use the two letters of ISO 639-1, such as "en" or "de" (or several, such as "de, en"), or leave it empty',
    );
    await updateProgramTalk(db, orga, event, confirmed.code, { ...FIELDS, expectedAudience: null, language: '' });
    expect(await getProgramTalk(db, orga, event, confirmed.code)).toMatchObject({
      expectedAudience: null,
      language: null,
    });
  });

  it('saves a talk given in two languages and its session type as written, and refuses what exports cannot carry', async () => {
    const { db, event, orga, confirmed } = await setUp();
    await updateProgramTalk(db, orga, event, confirmed.code, {
      ...FIELDS,
      language: ' DE,en ',
      sessionType: '  DJ   Set ',
    });
    expect(await getProgramTalk(db, orga, event, confirmed.code)).toMatchObject({
      language: 'de, en',
      sessionType: 'DJ Set',
    });
    // A form without the field leaves the type as it is; an empty one makes it unknown.
    await updateProgramTalk(db, orga, event, confirmed.code, { ...FIELDS });
    expect((await getProgramTalk(db, orga, event, confirmed.code)).sessionType).toBe('DJ Set');
    await updateProgramTalk(db, orga, event, confirmed.code, { ...FIELDS, sessionType: '' });
    expect((await getProgramTalk(db, orga, event, confirmed.code)).sessionType).toBeNull();
    await expect(updateProgramTalk(db, orga, event, confirmed.code, { ...FIELDS, language: 'de en' })).rejects.toThrow(
      'language: "de en" is not a language code',
    );
    await expect(
      updateProgramTalk(db, orga, event, confirmed.code, { ...FIELDS, sessionType: 'Talk\u0007' }),
    ).rejects.toThrow('sessionType: must be one line of at most 200 characters, or empty');
  });
});
