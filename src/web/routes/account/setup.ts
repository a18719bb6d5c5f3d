import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../../db/client.js';
import { createFirstOrganiser, requireSetupToken, rotateSession } from '../../../modules/accounts/index.js';
import { NotFoundError } from '../../../shared/errors.js';
import { rotateCsrfSecret } from '../../plugins/csrf.js';
import { sessionToken, setSessionCookie } from '../../plugins/sessions.js';
import { formAction, redirectWithFlash, sendPage } from '../../site-pages.js';
import { SetupLinkInvalidPage, SetupPage } from '../../views/account/setup.js';

export interface SetupRoutesOptions {
  db: Database;
  secureCookies: boolean;
}

const Params = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const Body = Type.Object({
  name: Type.String({ maxLength: 200 }),
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 500 }),
});
const QUARTER_HOUR = 15 * 60_000;

/**
 * First run: the one-time setup link the server logs while no organiser exists leads to a form
 * that creates the first organiser and logs them in.
 */
const setupRoutes: FastifyPluginAsyncTypebox<SetupRoutesOptions> = async (app, { db, secureCookies }) => {
  app.get('/setup/:token', { schema: { params: Params } }, async (request, reply) => {
    // The token is in the path: keep it out of Referer headers sent anywhere else.
    reply.header('referrer-policy', 'no-referrer');
    try {
      await requireSetupToken(db, request.params.token);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      sendPage(reply, SetupLinkInvalidPage({ csrf: reply.generateCsrf(), message: error.message }), 404);
      return;
    }
    sendPage(reply, SetupPage({ csrf: reply.generateCsrf(), action: request.url }));
  });

  app.post(
    '/setup/:token',
    { schema: { params: Params, body: Body }, config: { rateLimit: { max: 10, timeWindow: QUARTER_HOUR } } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      const { name, email, password } = request.body;
      let result;
      try {
        result = await formAction(() => createFirstOrganiser(db, request.params.token, { name, email, password }));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        sendPage(reply, SetupLinkInvalidPage({ csrf: reply.generateCsrf(), message: error.message }), 404);
        return;
      }
      if (!result.ok) {
        sendPage(
          reply,
          SetupPage({
            csrf: reply.generateCsrf(),
            action: request.url,
            values: { name, email },
            errors: result.errors,
          }),
          400,
        );
        return;
      }
      const { token, session } = await rotateSession(db, sessionToken(request, secureCookies), result.value.id);
      setSessionCookie(reply, token, session.expiresAt, secureCookies);
      rotateCsrfSecret(request, reply);
      redirectWithFlash(reply, '/orga', `Welcome, ${result.value.name}: you organise every event here now.`);
    },
  );
};

export default setupRoutes;
