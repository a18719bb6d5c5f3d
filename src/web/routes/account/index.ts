import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/client.js';
import {
  authenticate,
  changePassword,
  endSession,
  mailVerificationLink,
  peekToken,
  requestPasswordReset,
  requireActor,
  rotateSession,
  setPasswordWithToken,
  signUp,
  updateProfile,
  verifyEmail,
  type PasswordChange,
} from '../../../modules/accounts/index.js';
import { rotateCsrfSecret } from '../../plugins/csrf.js';
import { perAccountRateLimit } from '../../plugins/rate-limits.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../../plugins/sessions.js';
import { formAction, redirectWithFlash, safeNext, sendPage, takeFlash } from '../../site-pages.js';
import {
  AccountPage,
  ChoosePasswordPage,
  ConfirmAddressPage,
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
const QUARTER_HOUR = 15 * 60_000;
/** Ten tries per quarter hour per client address, across all app instances. */
const LOGIN_LIMIT = { rateLimit: { max: 10, timeWindow: QUARTER_HOUR } };
const RESET_LIMIT = { rateLimit: { max: 5, timeWindow: QUARTER_HOUR } };
/**
 * Per account (the address a form names), whichever client addresses the tries come from:
 * twenty logins a quarter hour are plenty for its owner and few for a guesser; five signups
 * or reset requests bound the mail anyone can have sent to one address.
 */
const LOGIN_PER_ACCOUNT = { max: 20, timeWindow: QUARTER_HOUR };
const MAIL_PER_ACCOUNT = { max: 5, timeWindow: QUARTER_HOUR };
const emailOfForm = (request: FastifyRequest) => (request.body as { email?: string } | undefined)?.email;

/** A verification link's next, for the log-in links of its page: none for the default (home). */
function verifiedNext(next: string | undefined): string | undefined {
  const safe = safeNext(next, '/');
  return safe === '/' ? undefined : safe;
}

/** What the page says after a new password: what else ended. */
function endedByNewPassword(change: PasswordChange): string {
  const tokens = change.revokedApiTokens > 0 ? ` and your API tokens (${change.revokedApiTokens}) revoked` : '';
  return `Every other session was logged out${tokens}.`;
}

/** Log in and out, sign up, reset a password, and one's own account. */
const accountRoutes: FastifyPluginAsyncTypebox<AccountRoutesOptions> = async (
  app,
  { db, publicUrl, secureCookies },
) => {
  /** Starts a session in a new cookie, with a new CSRF secret: nothing from before the login carries over. */
  const logIn = async (request: FastifyRequest, reply: FastifyReply, userId: number) => {
    const { token, session } = await rotateSession(db, sessionToken(request, secureCookies), userId);
    setSessionCookie(reply, token, session.expiresAt, secureCookies);
    rotateCsrfSecret(request, reply);
  };

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
      preHandler: perAccountRateLimit(app, { ...LOGIN_PER_ACCOUNT, email: emailOfForm }),
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const next = safeNext(request.body.next, '/orga');
      const result = await authenticate(db, email, password);
      const refuse = (message: string, status: number) =>
        sendPage(
          reply,
          LoginPage({ csrf: reply.generateCsrf(), actor: undefined, email, next, errors: { _form: message } }),
          status,
        );
      if (result?.status === 'unverified') {
        // Only someone who knows the password learns this; the link goes to the address.
        await db.transaction((tx) => mailVerificationLink(tx, result.user, publicUrl, next));
        refuse(
          `Confirm your address first: we have sent a new link to ${result.user.email}. Open it to finish signing up.`,
          403,
        );
        return;
      }
      if (!result) {
        refuse('That email and password do not match an account. Check them, or reset your password.', 401);
        return;
      }
      const { user } = result;
      await logIn(request, reply, user.id);
      redirectWithFlash(reply, next, `Welcome${user.name ? `, ${user.name}` : ''}. You are logged in.`);
    },
  );

  app.post(
    '/logout',
    { schema: { body: Type.Object({ _csrf: Type.Optional(Type.String()), next: Type.Optional(Field()) }) } },
    async (request, reply) => {
      const token = sessionToken(request, secureCookies);
      if (token) await endSession(db, token);
      clearSessionCookie(reply, secureCookies);
      rotateCsrfSecret(request, reply);
      // With next (an invitation for another address, say), the login page returns there.
      const next = safeNext(request.body.next, '/orga');
      redirectWithFlash(
        reply,
        next === '/orga' ? '/login' : `/login?next=${encodeURIComponent(next)}`,
        'You are logged out.',
      );
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
      preHandler: perAccountRateLimit(app, { ...MAIL_PER_ACCOUNT, email: emailOfForm }),
    },
    async (request, reply) => {
      const { name, email, password } = request.body;
      const next = safeNext(request.body.next, '/');
      const result = await formAction(() => signUp(db, { name, email, password }, { baseUrl: publicUrl, next }));
      if (!result.ok) {
        sendPage(
          reply,
          SignupPage({ csrf: reply.generateCsrf(), actor: undefined, name, email, next, errors: result.errors }),
          400,
        );
        return;
      }
      // The same answer whether or not the address has an account: the mail tells its owner which.
      redirectWithFlash(
        reply,
        '/login',
        `We have sent a mail to ${result.value.email}. Open the link in it to confirm your address and finish signing up.`,
      );
    },
  );

  // The link mailed at signup. Opening it shows a button (mail scanners that fetch links do not
  // use it up); pressing it proves the address and logs in.
  const VerifyParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
  app.get('/signup/verify/:token', { schema: { params: VerifyParams, querystring: Next } }, async (request, reply) => {
    const user = await peekToken(db, request.params.token, 'verify-email');
    reply.header('referrer-policy', 'no-referrer');
    sendPage(
      reply,
      ConfirmAddressPage({
        csrf: reply.generateCsrf(),
        actor: request.actor,
        action: request.url,
        email: user?.email,
        next: verifiedNext(request.query.next),
      }),
      user ? 200 : 404,
    );
  });

  app.post(
    '/signup/verify/:token',
    { schema: { params: VerifyParams, querystring: Next, body: Type.Object({}) }, config: RESET_LIMIT },
    async (request, reply) => {
      const result = await formAction(() => verifyEmail(db, request.params.token));
      if (!result.ok) {
        sendPage(
          reply,
          ConfirmAddressPage({
            csrf: reply.generateCsrf(),
            actor: request.actor,
            action: request.url,
            email: undefined,
            next: verifiedNext(request.query.next),
          }),
          400,
        );
        return;
      }
      await logIn(request, reply, result.value.id);
      redirectWithFlash(
        reply,
        safeNext(request.query.next, '/'),
        'Your address is confirmed, your account is ready, and you are logged in.',
      );
    },
  );

  app.get('/password/forgot', { schema: {} }, async (_request, reply) => {
    sendPage(reply, ForgotPasswordPage({ csrf: reply.generateCsrf(), actor: undefined, sent: false }));
  });

  app.post(
    '/password/forgot',
    {
      schema: { body: Type.Object({ email: Field(254) }) },
      config: RESET_LIMIT,
      preHandler: perAccountRateLimit(app, { ...MAIL_PER_ACCOUNT, email: emailOfForm }),
    },
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
        await logIn(request, reply, result.value.user.id);
        redirectWithFlash(
          reply,
          '/orga',
          `Your password is saved, and you are logged in. ${endedByNewPassword(result.value)}`,
        );
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
    {
      schema: { body: Type.Object({ currentPassword: Field(500), newPassword: Field(500) }) },
      config: LOGIN_LIMIT,
      // The current password is guessed here too, by whoever holds a stolen session.
      preHandler: perAccountRateLimit(app, { ...LOGIN_PER_ACCOUNT, email: (request) => request.actor?.user.email }),
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const result = await formAction(() =>
        changePassword(db, actor.user.id, request.session?.id, request.body.currentPassword, request.body.newPassword),
      );
      if (!result.ok) {
        sendPage(reply, AccountPage({ csrf: reply.generateCsrf(), actor, errors: result.errors }), 400);
        return;
      }
      redirectWithFlash(reply, '/account', `Your password is changed. ${endedByNewPassword(result.value)}`);
    },
  );
};

export default accountRoutes;
