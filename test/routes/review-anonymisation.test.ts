import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { answers, questions, talks } from '../../src/db/schema.js';
import { buildTestApp } from '../helpers/app.js';
import { createProposal } from '../helpers/proposals.js';
import { Browser } from '../helpers/site.js';
import { createReviewEvent, createReviewTeam, writeReview } from './review-fixtures.js';

/** Every piece of the speakers' identity that must not reach a reviewer. */
const SECRETS = [
  'Zyxwarp',
  'Quillfeather',
  'zyxwarp@example.com',
  'Quorblax',
  'Vexalind',
  'Ormsby',
  'Plimbrook',
  // A handle, answered to a question hidden from reviewers: no name check would find it.
  'snarglewick',
];

function leaks(body: string): string[] {
  return SECRETS.filter((secret) => body.toLowerCase().includes(secret.toLowerCase()));
}

async function setUp() {
  const { app, db } = await buildTestApp();
  const { event, web } = await createReviewEvent(db, { anonymised: true });
  const team = await createReviewTeam(db, event.slug, [web.id]);
  const speakers = [
    { name: 'Zyxwarp Quillfeather', userId: team.speaker.id, biography: 'Tamer of quills at Quorblax.' },
    { name: 'Vexalind Ormsby', biography: 'Writes on Plimbrook.' },
  ];
  const plain = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Engines of thought',
    trackSlug: 'web',
    levelSlug: 'beginner',
    speakers,
  });
  const named = await createProposal(db, {
    eventSlug: event.slug,
    title: "Zyxwarp Quillfeather's guide",
    description: 'I, vexalind ormsby, will show you.',
    abstract: 'Mail zyxwarp@example.com for slides.',
    trackSlug: 'web',
    speakers,
  });
  await db.update(talks).set({ notes: 'Zyxwarp Quillfeather needs a projector.' }).where(eq(talks.id, named.id));
  const [question] = await db
    .insert(questions)
    .values({ eventId: event.id, label: 'Anything else?', kind: 'text', position: 1 })
    .returning();
  const [handle] = await db
    .insert(questions)
    .values({ eventId: event.id, label: 'Your handle', kind: 'text', position: 2, visibleToReviewers: false })
    .returning();
  await db.insert(answers).values([
    { talkId: named.id, questionId: question!.id, value: 'Ask Vexalind Ormsby.' },
    { talkId: named.id, questionId: handle!.id, value: '@snarglewick' },
  ]);
  const decided = await createProposal(db, {
    eventSlug: event.slug,
    title: 'Decided',
    trackSlug: 'web',
    state: 'accepted',
    speakers,
  });
  await writeReview(db, plain.id, 'orga@example.com', 2, 'Zyxwarp Quillfeather always delivers.');
  return { app, db, event, team, proposals: [plain, named, decided] };
}

/** The pages a reviewer can reach in the back office, with a few filters and a refused form. */
async function reviewerPages(browser: Browser, codes: string[]) {
  const urls = [
    '/orga',
    '/orga/conf-2030',
    '/orga/conf-2030/proposals',
    '/orga/conf-2030/proposals?sort=title&direction=asc',
    '/orga/conf-2030/proposals?state=accepted',
    '/orga/conf-2030/proposals?lacking=1',
    '/orga/conf-2030/proposals?minMean=nonsense',
    '/orga/conf-2030/review',
    ...codes.map((code) => `/orga/conf-2030/proposals/${code}`),
    '/api/events/conf-2030/proposals',
    '/api/events/conf-2030/reviews',
    ...codes.map((code) => `/api/events/conf-2030/proposals/${code}`),
  ];
  const bodies: { url: string; status: number; body: string }[] = [];
  for (const url of urls) {
    const response = await browser.get(url);
    bodies.push({ url, status: response.statusCode, body: response.body });
  }
  const refused = await browser.post(`/orga/conf-2030/proposals/${codes[0]}/review`, { score: '99', comment: 'x' });
  bodies.push({ url: 'POST review (refused)', status: refused.statusCode, body: refused.body });
  return bodies;
}

describe('anonymised review', () => {
  for (const email of ['rita@example.com', 'wendy@example.com']) {
    it(`shows ${email.split('@')[0]} no speaker's name, email or bio on any page they can reach`, async () => {
      const { app, proposals } = await setUp();
      const browser = new Browser(app);
      await browser.login(email);
      const pages = await reviewerPages(
        browser,
        proposals.map((p) => p.code),
      );
      expect(pages.filter((p) => p.status >= 500)).toEqual([]);
      expect(pages.find((p) => p.url === `/orga/conf-2030/proposals/${proposals[1]!.code}`)!.status).toBe(200);
      expect(pages.map((p) => ({ url: p.url, leaks: leaks(p.body) })).filter((p) => p.leaks.length > 0)).toEqual([]);
    });
  }

  it('flags to reviewers that the proposal names a speaker, without the name', async () => {
    const { app, proposals } = await setUp();
    const browser = new Browser(app);
    await browser.login('rita@example.com');
    const page = await browser.get(`/orga/conf-2030/proposals/${proposals[1]!.code}`);
    expect(page.body).toContain(
      'A speaker&#39;s name appears in the title, description and abstract of this proposal. It is hidden here: judge the proposal on its content.',
    );
    expect(page.body).toContain('<h1>(name hidden)&#39;s guide</h1>');
    expect(page.body).toContain('A speaker&#39;s name appears in the answer to “Anything else?”. It is hidden here.');
    expect(page.body).toContain(
      'One answer is hidden from you: review is anonymised, and the question may identify the speaker.',
    );
    expect(page.body).toContain('Hidden: review at this event is anonymised.');
  });

  it('shows organisers the speakers, and the same pages do contain the names (so the check above can fail)', async () => {
    const { app, proposals } = await setUp();
    const browser = new Browser(app);
    await browser.login('orga@example.com');
    const page = await browser.get(`/orga/conf-2030/proposals/${proposals[1]!.code}`);
    expect(leaks(page.body)).toEqual(SECRETS);
    expect(page.body).toContain(
      'Review is anonymised, but the title, description and abstract of this proposal mention a speaker&#39;s name: reviewers see it hidden.',
    );
    const list = await browser.get('/orga/conf-2030/proposals');
    expect(list.body).toContain('Zyxwarp Quillfeather, Vexalind Ormsby');
  });
});
