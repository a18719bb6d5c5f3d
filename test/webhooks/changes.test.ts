import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, talks, webhookDeliveries, webhookEndpoints, WEBHOOK_EVENTS } from '../../src/db/schema.js';
import { loadActor } from '../../src/modules/accounts/index.js';
import { createProposal } from '../../src/modules/cfp/index.js';
import { findEventBySlug } from '../../src/modules/program/index.js';
import { WebhookWorker } from '../../src/modules/webhooks/index.js';
import { testDatabase } from '../helpers/database.js';
import { createProposal as writeProposal } from '../helpers/proposals.js';
import { scheduleAndRelease } from '../helpers/schedule.js';
import { createUser } from '../helpers/site.js';
import { createReviewEvent } from '../routes/review-fixtures.js';
import { HookReceiver } from './receiver.js';

/** The changes that write deliveries, each through the module function that makes it. */

async function subscribeAll(eventId: number, url = 'https://hooks.example.org/all') {
  const { db } = await testDatabase();
  await db.insert(webhookEndpoints).values({ eventId, url, events: [...WEBHOOK_EVENTS], secret: 'whsec_s' });
}

async function deliveries() {
  const { db } = await testDatabase();
  return db.select().from(webhookDeliveries).orderBy(asc(webhookDeliveries.id));
}

describe('changes that send webhooks', () => {
  it('a proposal submitted from the form writes proposal.submitted; a draft writes nothing', async () => {
    const { db } = await testDatabase();
    await createReviewEvent(db, { slug: 'conf-2030' });
    await db
      .update(events)
      .set({ cfpOpensAt: new Date('2020-01-01T00:00:00Z'), cfpClosesAt: new Date('2099-12-31T00:00:00Z') });
    const event = await findEventBySlug(db, 'conf-2030');
    await subscribeAll(event.id);
    const user = await createUser(db, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const actor = (await loadActor(db, user.id))!;
    const input = {
      title: 'Engines of Thought',
      description: 'About engines.',
      answers: {},
      speakerName: 'Ada Lovelace',
      biography: 'Ada writes programs.',
    };

    await createProposal(db, actor, event, { ...input, intent: 'draft', title: 'A draft' }, { publicUrl: 'x' });
    expect(await deliveries()).toEqual([]);
    const { code } = await createProposal(db, actor, event, { ...input, intent: 'submit' }, { publicUrl: 'x' });

    const [talk] = await db.select().from(talks).where(eq(talks.code, code));
    const rows = await deliveries();
    expect(rows.map((d) => [d.eventType, d.status])).toEqual([['proposal.submitted', 'pending']]);
    expect(rows[0]!.data).toEqual({
      proposal: { code, guid: talk!.guid, title: 'Engines of Thought', state: 'submitted' },
      links: { orga: `/orga/conf-2030/proposals/${code}` },
    });
  });

  it('a release writes release.published with the release and the exports’ addresses, sent absolute', async () => {
    const { db } = await testDatabase();
    await createReviewEvent(db, { slug: 'conf-2030' });
    const event = await findEventBySlug(db, 'conf-2030');
    await writeProposal(db, { eventSlug: 'conf-2030', title: 'On the program', state: 'confirmed' });
    const receiver = await new HookReceiver().start();
    const database = await testDatabase();
    const worker = new WebhookWorker({
      database,
      publicUrl: 'https://lectern.example.org',
      allowLocal: true,
      log: { info() {}, warn() {}, error() {} },
      pollIntervalMs: 3_600_000,
    });
    try {
      await subscribeAll(event.id, receiver.url);
      // The endpoint subscribed to releases only gets the release, not the other changes.
      await db
        .insert(webhookEndpoints)
        .values({ eventId: event.id, url: 'https://hooks.example.org/b', events: ['talk.updated'], secret: 's' });

      const release = await scheduleAndRelease(db, { eventSlug: 'conf-2030', dates: ['2030-06-01'], version: 'v1' });
      await worker.deliverDue();

      const rows = await deliveries();
      expect(rows.map((d) => d.eventType)).toEqual(['release.published']);
      const links = {
        schedule: '/conf-2030/schedule',
        changelog: '/conf-2030/changelog',
        frab_xml: '/conf-2030/schedule.xml',
        c3voc_json: '/conf-2030/schedule.json',
        ical: '/conf-2030/schedule.ics',
        api: '/api/events/conf-2030/schedule',
      };
      const release_ = {
        id: release.id,
        version: 'v1',
        comment: '',
        released_at: release.releasedAt.toISOString(),
        changes: release.changes.length,
      };
      expect(rows[0]!.data).toEqual({ release: release_, links });
      expect(JSON.parse(receiver.received[0]!.body)).toEqual({
        event: 'release.published',
        id: rows[0]!.uuid,
        created_at: rows[0]!.createdAt.toISOString(),
        event_slug: 'conf-2030',
        data: {
          release: release_,
          links: Object.fromEntries(Object.entries(links).map(([k, v]) => [k, `https://lectern.example.org${v}`])),
        },
      });
    } finally {
      await worker.stop();
      await receiver.stop();
    }
  });

  it('a paused endpoint gets no deliveries of new changes', async () => {
    const { db } = await testDatabase();
    const [event] = await db
      .insert(events)
      .values({ slug: 'conf-2030', name: 'Conf 2030', timezone: 'UTC' })
      .returning();
    await subscribeAll(event!.id);
    await db.update(webhookEndpoints).set({ status: 'paused', pausedReason: 'Paused by an organiser.' });
    await writeProposal(db, { eventSlug: 'conf-2030', title: 'On the program', state: 'confirmed' });

    await scheduleAndRelease(db, { eventSlug: 'conf-2030', dates: ['2030-06-01'] });

    expect(await deliveries()).toEqual([]);
  });
});
