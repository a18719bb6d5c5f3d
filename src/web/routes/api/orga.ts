import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Database } from '../../../db/client.js';
import type { Actor } from '../../../modules/accounts/index.js';
import { listOutbox, sendDrafts } from '../../../modules/mail/index.js';
import { findEventBySlug } from '../../../modules/program/index.js';
import {
  decideProposal,
  decideProposals,
  getProposal,
  listProposals,
  listReviews,
  type DecisionOutcome,
  type ProposalDetail,
  type ProposalSummary,
} from '../../../modules/review/index.js';
import {
  checkSlotTemplateLines,
  listDays,
  listRooms,
  listSlotTemplates,
  setDayTimeSlots,
  type SlotTemplateDay,
} from '../../../modules/schedule/index.js';
import {
  createWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  type WebhookEndpoint,
} from '../../../modules/webhooks/index.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../../shared/errors.js';
import { CACHE_NONE } from '../../http-cache.js';
import {
  BulkDecisionBodySchema,
  BulkDecisionResultSchema,
  DecisionBodySchema,
  DayTimeSlotsBodySchema,
  DecisionOutcomeSchema,
  DraftListQuerySchema,
  DraftListSchema,
  OrgaDayParamsSchema,
  OrgaEventParamsSchema,
  OrgaProposalParamsSchema,
  ProposalDetailSchema,
  ProposalListSchema,
  ProposalQuerySchema,
  ReviewListSchema,
  SendDraftsBodySchema,
  SendDraftsResultSchema,
  SlotTemplateDaySchema,
  SlotTemplateListSchema,
  WebhookCreateBodySchema,
  WebhookCreatedSchema,
  WebhookListSchema,
  type DecisionOutcomeBody,
  type WebhookEndpointBody,
  type ProposalDetailBody,
  type ProposalSummaryBody,
  type SlotTemplateDayBody,
} from './orga.schema.js';
import { ApiErrorSchema } from './program.schema.js';

export interface SiteRouteOptions {
  db: Database;
  publicUrl: string;
  /** Webhook endpoints may be http:// on loopback (LECTERN_WEBHOOKS_ALLOW_LOCAL). */
  webhooksAllowLocal?: boolean | undefined;
}

/**
 * Only API tokens open the organiser API: a browser's session cookie does not, so that no
 * other site can make a signed-in browser call it.
 */
function requireApiToken(actor: Actor | undefined, reply: FastifyReply): Actor {
  if (actor?.via === 'api-token') return actor;
  reply.header('www-authenticate', 'Bearer realm="lectern"');
  throw new UnauthenticatedError(
    'Send an API token of this event: "Authorization: Bearer lct_…". Organisers create them under API tokens in the back office; a revoked token no longer works.',
  );
}

/** A token acts at its one event only: at another, it gets a 403 that says so. */
async function tokenEvent(db: Database, actor: Actor, slug: string) {
  const event = await findEventBySlug(db, slug);
  if (!actor.roles.has(event.id))
    throw new ForbiddenError(`This API token is limited to another event; it cannot act at ${event.name}.`);
  return event;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function serialiseSummary(p: ProposalSummary): ProposalSummaryBody {
  return {
    code: p.code,
    title: p.title,
    // Drafts never reach here (the review module leaves them out).
    state: p.state as ProposalSummaryBody['state'],
    track: p.track,
    level: p.level,
    durationMinutes: p.durationMinutes,
    submittedAt: iso(p.submittedAt),
    stateChangedAt: iso(p.stateChangedAt),
    aggregates: p.aggregates,
    speakers: p.speakers,
    namedFields: p.namedFields,
  };
}

function serialiseDetail(p: ProposalDetail): ProposalDetailBody {
  return {
    ...serialiseSummary(p),
    description: p.description,
    abstract: p.abstract,
    notes: p.notes,
    answers: p.answers.map((a) => ({ question: a.question, kind: a.kind, public: a.isPublic, value: a.value })),
    reviews:
      p.reviews?.map((r) => ({
        reviewer: r.reviewer,
        score: r.score,
        comment: r.comment,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        categoryScores: r.categoryScores,
      })) ?? null,
  };
}

function serialiseEndpoint(e: WebhookEndpoint): WebhookEndpointBody {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    status: e.status,
    pausedReason: e.pausedReason,
    createdAt: e.createdAt.toISOString(),
  };
}

function serialiseOutcome(o: DecisionOutcome): DecisionOutcomeBody {
  return { ...o, to: o.to as DecisionOutcomeBody['to'] };
}

function serialiseTemplateDay(item: SlotTemplateDay, roomSlugs: Map<number, string>): SlotTemplateDayBody {
  return {
    date: item.day.date,
    start: item.day.start,
    end: item.day.end,
    timeSlots: item.timeSlots.map((slot) => ({
      id: slot.id,
      start: slot.start,
      end: slot.end,
      startsAt: slot.startsAt.toISOString(),
      endsAt: slot.endsAt.toISOString(),
      durationMinutes: slot.durationMinutes,
      closedRooms: slot.closedRoomIds.map((id) => roomSlugs.get(id) ?? String(id)),
    })),
    breaks: item.breaks.map((b) => ({
      title: b.title,
      start: b.start,
      end: b.end,
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
    })),
    template: item.text,
  };
}

const errors = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema };
const tags = ['organiser'];
const security = [{ bearerAuth: [] }];

/** The organiser API (bearer tokens): proposals, reviews and decisions. */
const orgaApiRoutes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (
  app,
  { db, publicUrl, webhooksAllowLocal },
) => {
  // Answers depend on who asks and change with every review: never cached.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', CACHE_NONE);
  });
  // Checked before anything else (the site's CSRF check included): a call without a valid
  // token, a revoked one say, is told it is unauthenticated, whatever its method.
  app.addHook('onRequest', async (request, reply) => {
    requireApiToken(request.actor, reply);
  });

  app.get(
    '/events/:event/proposals',
    {
      schema: {
        tags,
        security,
        summary: "List an event's proposals",
        description:
          'Every proposal but drafts, with its review aggregates and speakers, sorted by mean score (highest first) unless `sort` says otherwise. `state`, `track`, `level`, `minMean` and `lacking` filter.',
        operationId: 'listProposals',
        params: OrgaEventParamsSchema,
        querystring: ProposalQuerySchema,
        response: { 200: ProposalListSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      const list = await listProposals(db, actor, event, request.query);
      return {
        proposals: list.proposals.map(serialiseSummary),
        counts: list.counts as { state: ProposalSummaryBody['state']; count: number }[],
      };
    },
  );

  app.get(
    '/events/:event/proposals/:code',
    {
      schema: {
        tags,
        security,
        summary: 'Get a proposal',
        description:
          'The proposal with its texts, notes to the organisers, answers to every question (private ones too), speakers and reviews.',
        operationId: 'getProposal',
        params: OrgaProposalParamsSchema,
        response: { 200: ProposalDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      return serialiseDetail(await getProposal(db, actor, event, request.params.code));
    },
  );

  app.get(
    '/events/:event/reviews',
    {
      schema: {
        tags,
        security,
        summary: "List an event's reviews",
        description: 'Every review of the proposals the caller sees, by proposal, oldest first.',
        operationId: 'listReviews',
        params: OrgaEventParamsSchema,
        response: { 200: ReviewListSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      const reviews = await listReviews(db, actor, event);
      return {
        reviews: reviews.map((r) => ({
          ...r,
          createdAt: r.createdAt.toISOString(),
          updatedAt: r.updatedAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/events/:event/proposals/:code/decision',
    {
      schema: {
        tags,
        security,
        summary: 'Decide a proposal',
        description:
          "Accepts, rejects or wait-lists the proposal and writes the event's mail for that decision to each of its speakers with an account as a draft in the outbox: nothing is sent until drafts are sent (`POST /api/events/{event}/mail/drafts/send`). Deciding what is already decided changes nothing and mails nobody. 409 when the proposal cannot be decided (a draft, withdrawn or confirmed one).",
        operationId: 'decideProposal',
        params: OrgaProposalParamsSchema,
        body: DecisionBodySchema,
        response: { 200: DecisionOutcomeSchema, ...errors, 409: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      const outcome = await decideProposal(db, actor, event, {
        code: request.params.code,
        decision: request.body.decision,
        publicUrl,
      });
      return serialiseOutcome(outcome);
    },
  );

  app.post(
    '/events/:event/decisions',
    {
      schema: {
        tags,
        security,
        summary: 'Decide several proposals',
        description:
          'Decides every proposal listed, or none: if one cannot be decided (409) or is unknown (400), nothing changes and no draft is written. Decision mails are drafts, as for one decision.',
        operationId: 'decideProposals',
        params: OrgaEventParamsSchema,
        body: BulkDecisionBodySchema,
        response: { 200: BulkDecisionResultSchema, ...errors, 409: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      const outcomes = await decideProposals(db, actor, event, {
        codes: request.body.proposals,
        decision: request.body.decision,
        publicUrl,
      });
      return { decisions: outcomes.map(serialiseOutcome) };
    },
  );

  app.get(
    '/events/:event/mail/drafts',
    {
      schema: {
        tags,
        security,
        summary: 'List the mail drafts',
        description:
          'The drafts in the outbox (decision mails, mails to a group), newest first, 50 a page, with their count in all. Nothing in the outbox is sent while it is a draft.',
        operationId: 'listMailDrafts',
        params: OrgaEventParamsSchema,
        querystring: DraftListQuerySchema,
        response: { 200: DraftListSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      const page = await listOutbox(db, actor, event, { status: 'draft', page: request.query.page });
      return {
        count: page.counts.draft,
        page: page.page,
        hasMore: page.hasMore,
        drafts: page.messages.map((m) => ({
          id: m.id,
          to: m.recipient,
          subject: m.subject,
          createdAt: m.createdAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/events/:event/mail/drafts/send',
    {
      schema: {
        tags,
        security,
        summary: 'Send the mail drafts',
        description:
          'Queues every draft of the outbox to be sent, in one step, when `count` is how many there are; otherwise (a draft was written or deleted since you counted) nothing is sent and the answer is 409. 409 too when there is no draft.',
        operationId: 'sendMailDrafts',
        params: OrgaEventParamsSchema,
        body: SendDraftsBodySchema,
        response: { 200: SendDraftsResultSchema, ...errors, 409: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      return { sent: await sendDrafts(db, actor, event, request.body.count) };
    },
  );

  app.get(
    '/events/:event/time-slots',
    {
      schema: {
        tags,
        security,
        summary: "List an event's time slots",
        description:
          "Every day of the schedule with its slot template: the time slots (with the rooms closed in each, by slug), the named breaks, and the template's text as the back office shows it.",
        operationId: 'listTimeSlots',
        params: OrgaEventParamsSchema,
        response: { 200: SlotTemplateListSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      const [days, rooms] = await Promise.all([listSlotTemplates(db, actor, event), listRooms(db, actor, event)]);
      const slugs = new Map(rooms.map((room) => [room.id, room.slug]));
      return { days: days.map((item) => serialiseTemplateDay(item, slugs)) };
    },
  );

  app.put(
    '/events/:event/days/:date/time-slots',
    {
      schema: {
        tags,
        security,
        summary: "Replace a day's time slots",
        description:
          "Replaces the day's time slots (and, when `breaks` is given, its named breaks). A time slot kept at the same times keeps its rooms' closures; a named break kept at the same times and title is kept. 400 names the slot that overlaps another or lies outside the day, or the talk in a break's way; nothing changes then.",
        operationId: 'setDayTimeSlots',
        params: OrgaDayParamsSchema,
        body: DayTimeSlotsBodySchema,
        response: { 200: SlotTemplateDaySchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      const day = (await listDays(db, actor, event)).find((item) => item.date === request.params.date);
      if (!day) throw new NotFoundError(`${event.name} has no day on ${request.params.date}.`);
      const slots = checkSlotTemplateLines(request.body.slots, 'slots');
      const { breaks } = request.body;
      const lines = breaks === undefined ? slots : [...slots, ...checkSlotTemplateLines(breaks, 'breaks')];
      await setDayTimeSlots(db, actor, event, day.id, lines, { keepBreaks: breaks === undefined });
      const [days, rooms] = await Promise.all([listSlotTemplates(db, actor, event), listRooms(db, actor, event)]);
      const slugs = new Map(rooms.map((room) => [room.id, room.slug]));
      return serialiseTemplateDay(
        days.find((item) => item.day.id === day.id)!,
        slugs,
      );
    },
  );

  app.get(
    '/events/:event/webhooks',
    {
      schema: {
        tags,
        security,
        summary: "List an event's webhook endpoints",
        description:
          'Each endpoint with the changes it receives and whether it is active or paused (and why); not its secret.',
        operationId: 'listWebhookEndpoints',
        params: OrgaEventParamsSchema,
        response: { 200: WebhookListSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      return { endpoints: (await listWebhookEndpoints(db, actor, event)).map(serialiseEndpoint) };
    },
  );

  app.post(
    '/events/:event/webhooks',
    {
      schema: {
        tags,
        security,
        summary: 'Register a webhook endpoint',
        description:
          'Registers an https:// address to receive the given changes, active, with a new secret (in the answer; organisers can also read it in the back office). 400 names the field: an address that is not https://, or points at a private or local address.',
        operationId: 'createWebhookEndpoint',
        params: OrgaEventParamsSchema,
        body: WebhookCreateBodySchema,
        response: { 201: WebhookCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireApiToken(request.actor, reply);
      const event = await tokenEvent(db, actor, request.params.event);
      const id = await createWebhookEndpoint(db, actor, event, request.body, {
        allowLocal: webhooksAllowLocal ?? false,
      });
      const { endpoint } = await getWebhookEndpoint(db, actor, event, id);
      return reply.code(201).send({ ...serialiseEndpoint(endpoint), secret: endpoint.secret });
    },
  );
};

export default orgaApiRoutes;
