import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.js';
import {
  authenticate,
  changePassword,
  endSession,
  peekToken,
  requestPasswordReset,
  requireActor,
  rotateSession,
  setPasswordWithToken,
  signUp,
  updateProfile,
} from '../../../modules/accounts/index.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../../plugins/site.js';
import { formAction, redirectWithFlash, safeNext, sendPage, takeFlash } from '../../site-pages.js';
import {
  AccountPage,
  ChoosePasswordPage,
  ForgotPasswordPage,
  LoginPage,
  SignupPage,
} from '../../views/account/pages.js';

export interface AccountRoutesOptions {
  db: Database;
  publicUrl: string;
  secureCookies: boolean;
}

const Next = Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) });
const Field = (max = 500) => Type.String({ maxLength: max });
/** Ten tries per quarter hour per client address, across all app instances. */
const LOGIN_LIMIT = { rateLimit: { max: 10, timeWindow: 15 * 60_000 } };
const RESET_LIMIT = { rateLimit: { max: 5, timeWindow: 15 * 60_000 } };

/** Log in and out, sign up, reset a password, and one's own account. */
const accountRoutes: FastifyPluginAsyncTypebox<AccountRoutesOptions> = async (
  app,
  { db, publicUrl, secureCookies },
) => {
  const logIn = (request: FastifyRequest, userId: number) =>
    rotateSession(db, sessionToken(request, secureCookies), userId);

  app.get('/login', { schema: { querystring: Next } }, async (request, reply) => {
    const next = safeNext(request.query.next, '/orga');
    if (request.actor) return reply.redirect(next, 303);
    sendPage(
      reply,
      LoginPage({ csrf: reply.generateCsrf(), actor: undefined, next, flash: takeFlash(request, reply) }),
    );
  });

  app.post(
    '/login',
    {
      schema: { body: Type.Object({ email: Field(254), password: Field(200), next: Type.Optional(Field()) }) },
      config: LOGIN_LIMIT,
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const next = safeNext(request.body.next, '/orga');
      const user = await authenticate(db, email, password);
      if (!user) {
        sendPage(
          reply,
          LoginPage({
            csrf: reply.generateCsrf(),
            actor: undefined,
            email,
            next,
            errors: { _form: 'That email and password do not match an account. Check them, or reset your password.' },
          }),
          401,
        );
        return;
      }
      const { token, session } = await logIn(request, user.id);
      setSessionCookie(reply, token, session.expiresAt, secureCookies);
      redirectWithFlash(reply, next, `Welcome${user.name ? `, ${user.name}` : ''}. You are logged in.`);
    },
  );

  app.post(
    '/logout',
    { schema: { body: Type.Object({ _csrf: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const token = sessionToken(request, secureCookies);
      if (token) await endSession(db, token);
      clearSessionCookie(reply, secureCookies);
      redirectWithFlash(reply, '/login', 'You are logged out.');
    },
  );

  app.get('/signup', { schema: { querystring: Next } }, async (request, reply) => {
    const next = safeNext(request.query.next, '/');
    if (request.actor) return reply.redirect(next, 303);
    sendPage(reply, SignupPage({ csrf: reply.generateCsrf(), actor: undefined, next }));
  });

  app.post(
    '/signup',
    {
      schema: {
        body: Type.Object({ name: Field(200), email: Field(254), password: Field(500), next: Type.Optional(Field()) }),
      },
      config: LOGIN_LIMIT,
    },
    async (request, reply) => {
      const { name, email, password } = request.body;
      const next = safeNext(request.body.next, '/');
      const result = await formAction(() => signUp(db, { name, email, password }));
      if (!result.ok) {
        sendPage(
          reply,
          SignupPage({ csrf: reply.generateCsrf(), actor: undefined, name, email, next, errors: result.errors }),
          400,
        );
        return;
      }
      const { token, session } = await logIn(request, result.value.id);
      setSessionCookie(reply, token, session.expiresAt, secureCookies);
      redirectWithFlash(reply, next, 'Your account is ready, and you are logged in.');
    },
  );

  app.get('/password/forgot', { schema: {} }, async (_request, reply) => {
    sendPage(reply, ForgotPasswordPage({ csrf: reply.generateCsrf(), actor: undefined, sent: false }));
  });

  app.post(
    '/password/forgot',
    { schema: { body: Type.Object({ email: Field(254) }) }, config: RESET_LIMIT },
    async (request, reply) => {
      await requestPasswordReset(db, request.body.email, publicUrl);
      sendPage(reply, ForgotPasswordPage({ csrf: reply.generateCsrf(), actor: request.actor, sent: true }));
    },
  );

  for (const purpose of ['reset-password', 'set-password'] as const) {
    const path = purpose === 'reset-password' ? '/password/reset/:token' : '/password/set/:token';
    const Params = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
    app.get(path, { schema: { params: Params } }, async (request, reply) => {
      const user = await peekToken(db, request.params.token, purpose);
      // The token is in the path: keep it out of Referer headers sent to anywhere else.
      reply.header('referrer-policy', 'no-referrer');
      sendPage(
        reply,
        ChoosePasswordPage({
          csrf: reply.generateCsrf(),
          actor: request.actor,
          action: request.url,
          email: user?.email,
          askName: purpose === 'set-password' && user?.name === '',
          invalid: !user,
        }),
        user ? 200 : 404,
      );
    });
    app.post(
      path,
      {
        schema: { params: Params, body: Type.Object({ password: Field(500), name: Type.Optional(Field(200)) }) },
        config: RESET_LIMIT,
      },
      async (request, reply) => {
        const result = await formAction(() =>
          setPasswordWithToken(db, request.params.token, purpose, request.body.password, request.body.name),
        );
        if (!result.ok) {
          const user = await peekToken(db, request.params.token, purpose);
          sendPage(
            reply,
            ChoosePasswordPage({
              csrf: reply.generateCsrf(),
              actor: request.actor,
              action: request.url,
              email: user?.email,
              askName: purpose === 'set-password' && user?.name === '',
              name: request.body.name,
              invalid: !user,
              errors: result.errors,
            }),
            400,
          );
          return;
        }
        const { token, session } = await logIn(request, result.value.id);
        setSessionCookie(reply, token, session.expiresAt, secureCookies);
        redirectWithFlash(reply, '/orga', 'Your password is saved, and you are logged in.');
      },
    );
  }

  app.get('/account', { schema: {} }, async (request, reply) => {
    const actor = requireActor(request.actor);
    sendPage(reply, AccountPage({ csrf: reply.generateCsrf(), actor, flash: takeFlash(request, reply) }));
  });

  app.post('/account', { schema: { body: Type.Object({ name: Field(200) }) } }, async (request, reply) => {
    const actor = requireActor(request.actor);
    const result = await formAction(() => updateProfile(db, actor.user.id, { name: request.body.name }));
    if (!result.ok) {
      sendPage(
        reply,
        AccountPage({ csrf: reply.generateCsrf(), actor, name: request.body.name, errors: result.errors }),
        400,
      );
      return;
    }
    redirectWithFlash(reply, '/account', 'Your profile is saved.');
  });

  app.post(
    '/account/password',
    { schema: { body: Type.Object({ currentPassword: Field(500), newPassword: Field(500) }) }, config: LOGIN_LIMIT },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const result = await formAction(() =>
        changePassword(db, actor.user.id, request.session?.id, request.body.currentPassword, request.body.newPassword),
      );
      if (!result.ok) {
        sendPage(reply, AccountPage({ csrf: reply.generateCsrf(), actor, errors: result.errors }), 400);
        return;
      }
      redirectWithFlash(reply, '/account', 'Your password is changed. Other sessions were logged out.');
    },
  );
};

export default accountRoutes;
