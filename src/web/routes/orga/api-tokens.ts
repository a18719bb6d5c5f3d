import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../../db/client.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../modules/accounts/index.js';
import { findEventBySlug } from '../../../modules/program/index.js';
import { formAction, redirectWithFlash, sendPage, takeFlash } from '../../site-pages.js';
import { ApiTokensPage } from '../../views/orga/api-tokens.js';
import { EventParams } from './index.js';

export interface SiteRouteOptions {
  db: Database;
  publicUrl: string;
}

const TokenParams = Type.Object({
  event: EventParams.properties.event,
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

/** Organiser pages to create and revoke API tokens. */
const apiTokenRoutes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (app, { db }) => {
  app.get('/orga/:event/api-tokens', { schema: { params: EventParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    const tokens = await listApiTokens(db, request.actor, event);
    sendPage(
      reply,
      ApiTokensPage({
        actor: request.actor!,
        csrf: reply.generateCsrf(),
        flash: takeFlash(request, reply),
        event,
        tokens,
      }),
    );
  });

  // The new secret is shown on the answer to this POST itself, never put in a cookie or a URL
  // for a redirect to show: reloading the page cannot show it again.
  app.post(
    '/orga/:event/api-tokens',
    { schema: { params: EventParams, body: Type.Object({ name: Type.String({ maxLength: 500 }) }) } },
    async (request, reply) => {
      const event = await findEventBySlug(db, request.params.event);
      const result = await formAction(() => createApiToken(db, request.actor, event, request.body.name));
      const tokens = await listApiTokens(db, request.actor, event);
      sendPage(
        reply,
        ApiTokensPage({
          actor: request.actor!,
          csrf: reply.generateCsrf(),
          event,
          tokens,
          ...(result.ok
            ? { created: { name: result.value.info.name, token: result.value.token } }
            : { errors: result.errors, name: request.body.name }),
        }),
        result.ok ? 201 : 400,
      );
    },
  );

  app.post('/orga/:event/api-tokens/:id/revoke', { schema: { params: TokenParams } }, async (request, reply) => {
    const event = await findEventBySlug(db, request.params.event);
    await revokeApiToken(db, request.actor, event, request.params.id);
    redirectWithFlash(
      reply,
      `/orga/${event.slug}/api-tokens`,
      'The token is revoked: calls made with it are refused from now on.',
    );
  });
};

export default apiTokenRoutes;
