import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../../db/client.js';
import { findEventBySlug } from '../../../modules/program/index.js';
import { loadReviewDashboard } from '../../../modules/review/index.js';
import { sendPage, takeFlash } from '../../site-pages.js';
import { ReviewDashboardPage } from '../../views/orga/review.js';

export interface SiteRouteOptions {
  db: Database;
  publicUrl: string;
}

const EventParams = Type.Object({ event: Type.String({ minLength: 1, maxLength: 120 }) });

/** The review dashboard: score distributions, reviews per reviewer, proposals lacking reviews. */
const reviewDashboardRoutes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (app, { db }) => {
  app.get('/orga/:event/review', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const dashboard = await loadReviewDashboard(db, request.actor, event);
    sendPage(
      reply,
      ReviewDashboardPage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        dashboard,
      }),
    );
  });
};

export default reviewDashboardRoutes;
