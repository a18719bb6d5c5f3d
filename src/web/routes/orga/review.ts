import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.js';
import { findEventBySlug, type EventRecord } from '../../../modules/program/index.js';
import {
  formatReviewCategories,
  listReviewCategories,
  loadReviewDashboard,
  loadReviewQueue,
  nextInQueue,
  REVIEW_ORDERS,
  saveReviewCategories,
} from '../../../modules/review/index.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import type { FormErrors } from '../../views/forms.js';
import { proposalPath, proposalsPath } from '../../views/orga/proposals.js';
import { ReviewDashboardPage } from '../../views/orga/review.js';

export interface SiteRouteOptions {
  db: Database;
  publicUrl: string;
}

const EventParams = Type.Object({ event: Type.String({ minLength: 1, maxLength: 120 }) });
const NextQuery = Type.Object({
  order: Type.Optional(Type.Union(REVIEW_ORDERS.map((order) => Type.Literal(order)))),
});
const CategoriesBody = Type.Object({ categories: Type.String({ maxLength: 10_000 }) });

/** The review dashboard, its score categories, and the way into the proposals left to review. */
const reviewDashboardRoutes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (app, { db }) => {
  async function showDashboard(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRecord,
    problem?: { status: number; errors: FormErrors; categories: string },
  ) {
    const dashboard = await loadReviewDashboard(db, request.actor, event);
    const categories = problem?.categories ?? formatReviewCategories(await listReviewCategories(db, event.id));
    sendPage(
      reply,
      ReviewDashboardPage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        dashboard,
        categories,
        categoryErrors: problem?.errors,
      }),
      problem?.status ?? 200,
    );
  }

  app.get('/orga/:event/review', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await showDashboard(request, reply, event);
  });

  app.post(
    '/orga/:event/review/categories',
    { schema: { params: EventParams, body: CategoriesBody } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() => saveReviewCategories(db, request.actor, event, request.body.categories));
      if (!result.ok) {
        await showDashboard(request, reply, event, {
          status: result.errors._form ? 409 : 400,
          errors: result.errors,
          categories: request.body.categories,
        });
        return;
      }
      const n = result.value.length;
      redirectWithFlash(
        reply,
        `/orga/${event.slug}/review#categories`,
        n === 0
          ? 'Reviews give one score: the event has no score categories.'
          : `The ${n} score ${n === 1 ? 'category is' : 'categories are'} saved; the total runs from ${result.value.reduce((sum, c) => sum + c.weight * c.minValue, 0)} to ${result.value.reduce((sum, c) => sum + c.weight * c.maxValue, 0)}.`,
      );
    },
  );

  // "Start reviewing": the first proposal the person has left to review, in the chosen order.
  app.get(
    '/orga/:event/review/next',
    { schema: { params: EventParams, querystring: NextQuery } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const queue = await loadReviewQueue(db, request.actor, event, request.query.order);
      const next = nextInQueue(queue);
      if (!next) {
        redirectWithFlash(
          reply,
          proposalsPath(event.slug),
          `${queue.reviewed} of ${queue.total} reviewed: none left for you to review.`,
        );
        return;
      }
      reply.redirect(`${proposalPath(event.slug, next)}?order=${encodeURIComponent(queue.order)}`, 303);
    },
  );
};

export default reviewDashboardRoutes;
