import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.js';
import { isOrganiser } from '../../../modules/accounts/index.js';
import { findEventBySlug, type EventRecord } from '../../../modules/program/index.js';
import {
  decideProposal,
  decideProposals,
  deleteReview,
  getProposal,
  listProposals,
  loadReviewQueue,
  nextInQueue,
  REVIEW_ORDERS,
  saveReview,
  STATE_WORDS,
  type DecisionOutcome,
} from '../../../modules/review/index.js';
import { ConflictError, InvalidInputError } from '../../../shared/errors.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { ProposalListPage, ProposalPage, proposalPath, proposalsPath } from '../../views/orga/proposals.js';
import type { FormErrors } from '../../views/forms.js';

export interface SiteRouteOptions {
  db: Database;
  publicUrl: string;
}

const EventParams = Type.Object({ event: Type.String({ minLength: 1, maxLength: 120 }) });
const ProposalParams = Type.Object({
  event: Type.String({ minLength: 1, maxLength: 120 }),
  code: Type.String({ minLength: 1, maxLength: 40 }),
});
const Text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const ListQuery = Type.Object({
  state: Text(40),
  track: Text(200),
  level: Text(200),
  minMean: Text(20),
  lacking: Text(10),
  sort: Text(20),
  direction: Text(10),
});
const DecisionsBody = Type.Object({
  proposals: Type.Optional(
    Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 1000 })]),
  ),
  decision: Text(20),
});
const DecisionBody = Type.Object({ decision: Text(20) });
const Order = Type.Optional(Type.Union(REVIEW_ORDERS.map((order) => Type.Literal(order))));
const ProposalQuery = Type.Object({ order: Order });
// Category values come as `score-<id>` fields, one per category of the event.
const ReviewBody = Type.Object(
  { score: Text(20), comment: Text(20_000), next: Text(10), order: Order },
  { additionalProperties: Type.String({ maxLength: 200 }) },
);
const DeleteReviewBody = Type.Object({ order: Order });

/** The `score-<id>` fields of a review form, by category id. */
function categoryScoresOf(body: Record<string, unknown>): Record<number, string> {
  const scores: Record<number, string> = {};
  for (const [name, value] of Object.entries(body)) {
    const match = /^score-(\d{1,9})$/.exec(name);
    if (match && typeof value === 'string') scores[Number(match[1])] = value;
  }
  return scores;
}

const DONE: Record<string, string> = { accepted: 'Accepted', rejected: 'Rejected', waitlisted: 'Wait-listed' };

/** One sentence per thing an organiser should know after a decision: what changed, who was mailed, who was not. */
export function describeOutcomes(outcomes: DecisionOutcome[]): string {
  const changed = outcomes.filter((o) => o.changed);
  const unchanged = outcomes.filter((o) => !o.changed);
  const to = outcomes[0]!.to;
  const parts: string[] = [];
  if (changed.length > 0) {
    const mails = changed.reduce((sum, o) => sum + o.mailed.length, 0);
    parts.push(
      `${DONE[to]} ${changed.length === 1 ? `"${changed[0]!.title}"` : `${changed.length} proposals`}. ${mails} ${mails === 1 ? 'mail' : 'mails'} ${mails === 1 ? 'is a draft' : 'are drafts'} in the outbox: nothing is sent until you send the drafts.`,
    );
  }
  if (unchanged.length > 0) {
    parts.push(
      `${unchanged.length === 1 ? `"${unchanged[0]!.title}" was` : `${unchanged.length} proposals were`} already ${STATE_WORDS[to]}: left alone, nobody was mailed again.`,
    );
  }
  const notMailed = changed.flatMap((o) => o.notMailed.map((s) => s.name));
  if (notMailed.length > 0) parts.push(`Not mailed (no account): ${[...new Set(notMailed)].join(', ')}.`);
  return parts.join(' ');
}

/** Keeps the chosen queue order on the way to a proposal's page. */
function orderQuery(order: string | undefined): string {
  return order ? `?order=${encodeURIComponent(order)}` : '';
}

/** The error's sentence without the field name in front ("proposals: choose…" → "choose…"). */
function plainMessage(error: Error): string {
  return error instanceof InvalidInputError ? error.problem : error.message;
}

function errorStatus(error: unknown): number | undefined {
  if (error instanceof InvalidInputError) return 400;
  if (error instanceof ConflictError) return 409;
  return undefined;
}

/** Organiser and reviewer pages for proposals: the list, a proposal with its reviews, reviewing, decisions. */
const proposalRoutes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (app, { db, publicUrl }) => {
  async function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    query: Parameters<typeof listProposals>[3],
    problem?: { status: number; errors?: FormErrors; flash?: { kind: 'error'; message: string } },
  ) {
    let errors = problem?.errors;
    let status = problem?.status ?? 200;
    const result = await formAction(() => listProposals(db, request.actor, event, query));
    const list = result.ok ? result.value : await listProposals(db, request.actor, event);
    if (!result.ok) {
      errors = result.errors;
      status = 400;
    }
    sendPage(
      reply,
      ProposalListPage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: problem?.flash ?? takeFlash(request, reply),
        event,
        list,
        queue: await loadReviewQueue(db, request.actor, event),
        errors,
      }),
      status,
    );
  }

  app.get(
    '/orga/:event/proposals',
    { schema: { params: EventParams, querystring: ListQuery } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { lacking, ...rest } = request.query;
      await showList(request, reply, event, {
        ...rest,
        lacking: lacking === '1' || lacking === 'on' || lacking === 'true',
      });
    },
  );

  app.post(
    '/orga/:event/proposals/decisions',
    { schema: { params: EventParams, body: DecisionsBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { proposals, decision } = request.body;
      const codes = proposals === undefined ? [] : Array.isArray(proposals) ? proposals : [proposals];
      try {
        const outcomes = await decideProposals(db, request.actor, event, {
          codes,
          decision: decision ?? '',
          publicUrl,
        });
        redirectWithFlash(reply, proposalsPath(event.slug), describeOutcomes(outcomes));
      } catch (error) {
        const status = errorStatus(error);
        if (!status) throw error;
        const message = `Nothing was decided: ${plainMessage(error as Error).replace(/\.?$/, '.')}`;
        await showList(request, reply, event, {}, { status, flash: { kind: 'error', message } });
      }
    },
  );

  async function showProposal(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    code: string,
    problem?: {
      status: number;
      errors?: FormErrors;
      values?: Record<string, string | undefined>;
      flash?: { kind: 'error'; message: string };
    },
    order?: (typeof REVIEW_ORDERS)[number],
  ) {
    const proposal = await getProposal(db, request.actor, event, code);
    const queue = await loadReviewQueue(db, request.actor, event, order);
    sendPage(
      reply,
      ProposalPage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: problem?.flash ?? takeFlash(request, reply),
        event,
        organiser: isOrganiser(request.actor, event.id),
        proposal,
        queue,
        errors: problem?.errors,
        values: problem?.values,
      }),
      problem?.status ?? 200,
    );
  }

  app.get(
    '/orga/:event/proposals/:code',
    { schema: { params: ProposalParams, querystring: ProposalQuery } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      await showProposal(request, reply, event, request.params.code, undefined, request.query.order);
    },
  );

  app.post(
    '/orga/:event/proposals/:code/review',
    { schema: { params: ProposalParams, body: ReviewBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const body = request.body as Record<string, string | undefined>;
      const input = {
        code: request.params.code,
        score: request.body.score ?? '',
        comment: request.body.comment ?? '',
        categoryScores: categoryScoresOf(body),
      };
      const { order } = request.body;
      const result = await formAction(() => saveReview(db, request.actor, event, input));
      if (!result.ok) {
        const status = result.errors._form ? 409 : 400;
        await showProposal(
          request,
          reply,
          event,
          request.params.code,
          { status, errors: result.errors, values: body },
          order,
        );
        return;
      }
      const saved = result.value.created ? 'Your review is saved.' : 'Your review is changed.';
      if (request.body.next === undefined) {
        redirectWithFlash(reply, proposalPath(event.slug, request.params.code) + orderQuery(order), saved);
        return;
      }
      // Save and next: the next proposal this reviewer has left, in the order they chose.
      const queue = await loadReviewQueue(db, request.actor, event, order);
      const next = nextInQueue(queue, request.params.code);
      if (next) {
        redirectWithFlash(
          reply,
          proposalPath(event.slug, next) + orderQuery(queue.order),
          `${saved} ${queue.reviewed} of ${queue.total} reviewed; here is the next.`,
        );
      } else {
        redirectWithFlash(
          reply,
          proposalsPath(event.slug),
          `${saved} ${queue.reviewed} of ${queue.total} reviewed: none left for you to review.`,
        );
      }
    },
  );

  app.post(
    '/orga/:event/proposals/:code/review/delete',
    { schema: { params: ProposalParams, body: DeleteReviewBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const { order } = request.body;
      try {
        await deleteReview(db, request.actor, event, request.params.code);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        await showProposal(
          request,
          reply,
          event,
          request.params.code,
          { status: 409, flash: { kind: 'error', message: error.message } },
          order,
        );
        return;
      }
      redirectWithFlash(
        reply,
        proposalPath(event.slug, request.params.code) + orderQuery(order),
        'Your review is deleted.',
      );
    },
  );

  app.post(
    '/orga/:event/proposals/:code/decision',
    { schema: { params: ProposalParams, body: DecisionBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      try {
        const outcome = await decideProposal(db, request.actor, event, {
          code: request.params.code,
          decision: request.body.decision ?? '',
          publicUrl,
        });
        redirectWithFlash(reply, proposalPath(event.slug, outcome.code), describeOutcomes([outcome]));
      } catch (error) {
        const status = errorStatus(error);
        if (!status) throw error;
        await showProposal(request, reply, event, request.params.code, {
          status,
          flash: { kind: 'error', message: plainMessage(error as Error) },
        });
      }
    },
  );
};

export default proposalRoutes;
