import type { LightMyRequestResponse } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { scheduleProposals } from '../../src/db/schema.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import type { App } from '../../src/web/types.js';
import type { Browser } from '../helpers/site.js';
import {
  cloneBrowser,
  outOfScope,
  registeredRoutes,
  requestFor,
  SESSION_ROLES,
  TOKEN_ROLES,
  type Role,
  type RouteRequest,
  type SessionRole,
  type World,
  useMatrixWorld,
} from './authorisation-fixtures.js';

/**
 * Every route × every role, with the status each must get. The columns are the roles:
 *
 *   anon  nobody logged in
 *   user  logged in, no role at event A
 *   spk   speaker of the proposal (its first speaker)
 *   co    co-speaker of the proposal (accepted an invitation)
 *   rev   reviewer of event A, all tracks
 *   trk   reviewer of event A limited to the data track (the proposal is in the web track)
 *   org   organiser of event A
 *   oth   organiser of event B only
 *   tokA  an API token of event A (organiser API rows only)
 *   tokB  an API token of event B (organiser API rows only)
 *
 * LOGIN is a 303 to /login?next=… (the page asks who you are first). Every POST carries a
 * valid CSRF token, so what is tested is who may, not whether the form came from this site
 * (security.test.ts tests that). After a refused POST the database is exactly as before;
 * after an allowed one it is put back, so that every cell starts from the same world.
 */

const LOGIN = 'login';
type Cell = number | typeof LOGIN;
type Form = Record<string, string | string[]>;

interface Row {
  /** Method and path as registered; REQUESTS (authorisation-fixtures.ts) holds its URL and form. */
  route: string;
  /** One cell per column: 8 session roles, and for the organiser API also the two tokens. */
  expect: Cell[];
  /** Roles whose allowed POST has nothing to change (every other allowed POST must write). */
  quiet?: Role[];
  /** Work an allowed request leaves running after its answer, awaited before the database is restored. */
  settle?: (db: Database) => Promise<void>;
}

// prettier-ignore
const ROWS: Row[] = [
  // Accounts: open to everyone, or to everyone logged in.
  //                                                                                 anon   user   spk    co     rev    trk    org    oth
  { route: 'GET /login',                                                    expect: [200,   303,   303,   303,   303,   303,   303,   303] },
  { route: 'POST /login',                                                   expect: [303,   303,   303,   303,   303,   303,   303,   303] },
  { route: 'POST /logout',                                                  expect: [303,   303,   303,   303,   303,   303,   303,   303], quiet: ['anonymous'] },
  { route: 'GET /signup',                                                   expect: [200,   303,   303,   303,   303,   303,   303,   303] },
  { route: 'POST /signup',                                                  expect: [303,   303,   303,   303,   303,   303,   303,   303] },
  { route: 'GET /signup/verify/:token',                                     expect: [200,   200,   200,   200,   200,   200,   200,   200] },
  { route: 'POST /signup/verify/:token',                                    expect: [303,   303,   303,   303,   303,   303,   303,   303] },
  { route: 'GET /password/forgot',                                          expect: [200,   200,   200,   200,   200,   200,   200,   200] },
  { route: 'POST /password/forgot',                                         expect: [200,   200,   200,   200,   200,   200,   200,   200] },
  { route: 'GET /password/reset/:token',                                    expect: [200,   200,   200,   200,   200,   200,   200,   200] },
  { route: 'POST /password/reset/:token',                                   expect: [303,   303,   303,   303,   303,   303,   303,   303] },
  { route: 'GET /password/set/:token',                                      expect: [200,   200,   200,   200,   200,   200,   200,   200] },
  { route: 'POST /password/set/:token',                                     expect: [303,   303,   303,   303,   303,   303,   303,   303] },
  // The first run's setup link works only while nobody organises anything: here, for nobody.
  { route: 'GET /setup/:token',                                             expect: [404,   404,   404,   404,   404,   404,   404,   404] },
  { route: 'POST /setup/:token',                                            expect: [404,   404,   404,   404,   404,   404,   404,   404] },
  { route: 'GET /account',                                                  expect: [LOGIN, 200,   200,   200,   200,   200,   200,   200] },
  { route: 'POST /account',                                                 expect: [LOGIN, 303,   303,   303,   303,   303,   303,   303] },
  { route: 'POST /account/password',                                        expect: [LOGIN, 303,   303,   303,   303,   303,   303,   303] },
  // The speaker area of event A.
  //                                                                                 anon   user   spk    co     rev    trk    org    oth
  { route: 'GET /:event/cfp',                                               expect: [200,   200,   200,   200,   200,   200,   200,   200] },
  { route: 'GET /:event/cfp/submit',                                        expect: [LOGIN, 200,   200,   200,   200,   200,   200,   200] },
  { route: 'POST /:event/cfp/submit',                                       expect: [LOGIN, 303,   303,   303,   303,   303,   303,   303] },
  { route: 'GET /:event/me',                                                expect: [LOGIN, 303,   303,   303,   303,   303,   303,   303] },
  { route: 'GET /:event/me/proposals',                                      expect: [LOGIN, 200,   200,   200,   200,   200,   200,   200] },
  { route: 'GET /:event/me/proposals/:code',                                expect: [LOGIN, 404,   200,   200,   404,   404,   200,   404] },
  { route: 'POST /:event/me/proposals/:code',                               expect: [LOGIN, 404,   303,   303,   404,   404,   404,   404] },
  { route: 'GET /:event/me/proposals/:code/withdraw',                       expect: [LOGIN, 404,   200,   200,   404,   404,   404,   404] },
  { route: 'POST /:event/me/proposals/:code/withdraw',                      expect: [LOGIN, 404,   303,   303,   404,   404,   404,   404] },
  { route: 'POST /:event/me/proposals/:code/confirm',                       expect: [LOGIN, 404,   303,   303,   404,   404,   404,   404] },
  { route: 'POST /:event/me/proposals/:code/invitations',                   expect: [LOGIN, 404,   303,   303,   404,   404,   404,   404] },
  { route: 'POST /:event/me/proposals/:code/invitations/:invitation/delete', expect: [LOGIN, 404,   303,   303,   404,   404,   404,   404] },
  // The link in the mail opens an invitation for whoever holds it, signed in or not, and lets them
  // decline it; only the account of the invited address (invitee@example.com, none of these) accepts.
  { route: 'GET /:event/me/invitations/:token',                             expect: [200,   200,   200,   200,   200,   200,   200,   200] },
  { route: 'POST /:event/me/invitations/:token',                            expect: [LOGIN, 403,   403,   403,   403,   403,   403,   403] },
  { route: 'POST /:event/me/invitations/:token/decline',                    expect: [303,   303,   303,   303,   303,   303,   303,   303] },
  { route: 'GET /:event/me/profile',                                        expect: [LOGIN, 200,   200,   200,   200,   200,   200,   200] },
  { route: 'POST /:event/me/profile',                                       expect: [LOGIN, 404,   303,   303,   404,   404,   404,   404] },
  // One's availability is one's own: others (the co-speaker included) find no such window.
  { route: 'POST /:event/me/profile/photo',                                 expect: [LOGIN, 404,   303,   303,   404,   404,   404,   404] },
  { route: 'POST /:event/me/profile/photo/delete',                          expect: [LOGIN, 404,   303,   303,   404,   404,   404,   404] },
  // Only one's own profile at another event: Sam's at B is not Cora's to take.
  { route: 'POST /:event/me/profile/copy',                                  expect: [LOGIN, 404,   303,   400,   404,   404,   404,   404] },
  { route: 'POST /:event/me/profile/availability',                          expect: [LOGIN, 404,   303,   303,   404,   404,   404,   404] },
  { route: 'POST /:event/me/profile/availability/:window/delete',           expect: [LOGIN, 404,   303,   404,   404,   404,   404,   404] },
  // The back office: the team's pages.
  //                                                                                 anon   user   spk    co     rev    trk    org    oth
  { route: 'GET /orga',                                                     expect: [LOGIN, 200,   200,   200,   200,   200,   200,   200] },
  { route: 'POST /orga/events',                                             expect: [LOGIN, 403,   403,   403,   403,   403,   303,   303] },
  { route: 'GET /orga/:event',                                              expect: [LOGIN, 403,   403,   403,   200,   200,   200,   403] },
  { route: 'GET /orga/:event/proposals',                                    expect: [LOGIN, 403,   403,   403,   200,   200,   200,   403] },
  { route: 'POST /orga/:event/proposals/decisions',                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/proposals/:code',                              expect: [LOGIN, 403,   403,   403,   200,   404,   200,   403] },
  { route: 'POST /orga/:event/proposals/:code/review',                      expect: [LOGIN, 403,   403,   403,   303,   404,   303,   403] },
  { route: 'POST /orga/:event/proposals/:code/decision',                    expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  // Only one's own review can be deleted: the organiser has none here.
  { route: 'POST /orga/:event/proposals/:code/review/delete',               expect: [LOGIN, 403,   403,   403,   303,   404,   404,   403] },
  { route: 'GET /orga/:event/review',                                       expect: [LOGIN, 403,   403,   403,   200,   200,   200,   403] },
  { route: 'GET /orga/:event/review/next',                                  expect: [LOGIN, 403,   403,   403,   303,   303,   303,   403] },
  { route: 'POST /orga/:event/review/categories',                           expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403], quiet: ['organiser'] },
  // The back office: the organisers' pages.
  //                                                                                 anon   user   spk    co     rev    trk    org    oth
  { route: 'GET /orga/:event/settings',                                     expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/settings',                                    expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/tracks',                                       expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/tracks',                                      expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/tracks/:id',                                   expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/tracks/:id',                                  expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/tracks/:id/move',                             expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/tracks/:id/delete',                           expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/levels',                                      expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/levels/:id',                                   expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/levels/:id',                                  expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/levels/:id/move',                             expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/levels/:id/delete',                           expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/session-types',                                expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/session-types',                               expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/session-types/:id',                            expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/session-types/:id',                           expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/session-types/:id/move',                      expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/session-types/:id/delete',                    expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/talks',                                        expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'GET /orga/:event/talks/new',                                    expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/talks',                                       expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/talks/:code',                                  expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/talks/:code',                                 expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/talks/:code/speakers',                        expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/talks/:code/speakers/:speakerId/move',        expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/talks/:code/speakers/:speakerId/remove',      expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/talks/:code/checked',                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/talks/:code/cancel',                          expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/talks/:code/delete',                           expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/talks/:code/delete',                          expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/speakers',                                     expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'GET /orga/:event/speakers/:id',                                 expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/speakers/:id',                                expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/team',                                         expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/team',                                        expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/team/:member/tracks',                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/team/:member/remove',                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/cfp',                                          expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/cfp',                                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/cfp/access-codes',                             expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/cfp/access-codes',                            expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/cfp/access-codes/:id',                         expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/cfp/access-codes/:id/send',                   expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/cfp/access-codes/:id/delete',                 expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/cfp/questions',                               expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/cfp/questions/:question',                      expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/cfp/questions/:question',                     expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/cfp/questions/:question/delete',              expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/cfp/questions/:question/move',                expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/mail',                                         expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'GET /orga/:event/mail/messages/:id',                            expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/mail/messages/:id/retry',                     expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/mail/messages/:id/delete',                    expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/mail/drafts/send',                            expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/webhooks',                                     expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/webhooks',                                    expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/webhooks/:id',                                 expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/webhooks/:id/ping',                           expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/webhooks/:id/pause',                          expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  // Resuming an active endpoint is refused with a flash: nothing to change.
  { route: 'POST /orga/:event/webhooks/:id/resume',                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403], quiet: ['organiser'] },
  { route: 'POST /orga/:event/webhooks/:id/delete',                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/webhooks/:id/deliveries/:delivery/send-again', expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/mail/group',                                   expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/mail/group',                                  expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/mail/templates',                               expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'GET /orga/:event/mail/templates/:key',                          expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/mail/templates/:key',                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/mail/templates/:key/reset',                   expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/api-tokens',                                   expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/api-tokens',                                  expect: [LOGIN, 403,   403,   403,   403,   403,   201,   403] },
  { route: 'POST /orga/:event/api-tokens/:id/revoke',                       expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  // The schedule editor: the organisers' alone (reviewers and speakers see releases, publicly).
  //                                                                                 anon   user   spk    co     rev    trk    org    oth
  { route: 'GET /orga/:event/schedule',                                     expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/place',                              expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/schedule/unschedule',                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/schedule/swap',                               expect: [LOGIN, 403,   403,   403,   403,   403,   400,   403] },
  { route: 'GET /orga/:event/schedule/talks/:code',                         expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'GET /orga/:event/schedule/rooms',                               expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/rooms',                              expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/schedule/rooms/:id',                           expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/rooms/:id',                          expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/schedule/rooms/:id/move',                     expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/schedule/rooms/:id/delete',                   expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/schedule/days',                                expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/days',                               expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/schedule/days/from-dates',                    expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/schedule/days/:id',                            expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/days/:id',                           expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/schedule/days/:id/delete',                    expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/schedule/blocks',                              expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/blocks',                             expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/schedule/blocks/:id',                          expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/blocks/:id',                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/schedule/blocks/:id/delete',                  expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/schedule/time-slots',                          expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/time-slots/:id',                     expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  // The generator only fills in the page's text: nothing is saved.
  { route: 'POST /orga/:event/schedule/time-slots/:id/generate',            expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403], quiet: ['organiser'] },
  { route: 'POST /orga/:event/schedule/time-slots/:id/copy',                expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/schedule/rooms/:id/closures',                  expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/rooms/:id/closures',                 expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'GET /orga/:event/schedule/release',                             expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/release',                            expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  // Proposing a schedule: an organiser's start runs the solver in a worker, awaited before the next
  // cell; the world's proposal is finished, so stopping it is a 409.
  { route: 'GET /orga/:event/schedule/proposal',                            expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'GET /orga/:event/schedule/proposal/progress',                   expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/schedule/proposal',                           expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403], settle: untilNoProposalRuns },
  { route: 'POST /orga/:event/schedule/proposal/:id/stop',                  expect: [LOGIN, 403,   403,   403,   403,   403,   409,   403] },
  { route: 'POST /orga/:event/schedule/proposal/:id/apply',                 expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/schedule/proposal/:id/discard',               expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  // The interest ballot's back office: organisers only.
  { route: 'GET /orga/:event/interest',                                     expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  { route: 'POST /orga/:event/interest/open',                               expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/interest/close',                              expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/interest/attendance',                         expect: [LOGIN, 403,   403,   403,   403,   403,   303,   403] },
  { route: 'POST /orga/:event/interest/import',                             expect: [LOGIN, 403,   403,   403,   403,   403,   200,   403] },
  // The organiser API: API tokens only, and a token only at its own event.
  //                                                                                 anon   user   spk    co     rev    trk    org    oth    tokA   tokB
  { route: 'GET /api/events/:event/proposals',                              expect: [401,   401,   401,   401,   401,   401,   401,   401,   200,   403] },
  { route: 'GET /api/events/:event/proposals/:code',                        expect: [401,   401,   401,   401,   401,   401,   401,   401,   200,   403] },
  { route: 'POST /api/events/:event/proposals/:code/decision',              expect: [401,   401,   401,   401,   401,   401,   401,   401,   200,   403] },
  { route: 'GET /api/events/:event/reviews',                                expect: [401,   401,   401,   401,   401,   401,   401,   401,   200,   403] },
  { route: 'POST /api/events/:event/decisions',                             expect: [401,   401,   401,   401,   401,   401,   401,   401,   200,   403] },
  { route: 'GET /api/events/:event/mail/drafts',                            expect: [401,   401,   401,   401,   401,   401,   401,   401,   200,   403] },
  { route: 'POST /api/events/:event/mail/drafts/send',                      expect: [401,   401,   401,   401,   401,   401,   401,   401,   200,   403] },
  { route: 'GET /api/events/:event/webhooks',                                expect: [401,   401,   401,   401,   401,   401,   401,   401,   200,   403] },
  { route: 'POST /api/events/:event/webhooks',                               expect: [401,   401,   401,   401,   401,   401,   401,   401,   201,   403] },
  { route: 'GET /api/events/:event/time-slots',                             expect: [401,   401,   401,   401,   401,   401,   401,   401,   200,   403] },
  { route: 'PUT /api/events/:event/days/:date/time-slots',                  expect: [401,   401,   401,   401,   401,   401,   401,   401,   200,   403] },
  // Shared agendas: no session, no API token; the agenda's token in the path is the credential.
  { route: 'POST /api/events/:event/agendas',                               expect: [201,   201,   201,   201,   201,   201,   201,   201,   201,   201] },
  { route: 'GET /api/events/:event/agendas/:token',                         expect: [200,   200,   200,   200,   200,   200,   200,   200,   200,   200] },
  { route: 'PUT /api/events/:event/agendas/:token',                         expect: [200,   200,   200,   200,   200,   200,   200,   200,   200,   200] },
  // The interest ballot's page: anyone's browser may save a ballot (same-origin form, no session).
  { route: 'POST /:event/interest',                                         expect: [303,   303,   303,   303,   303,   303,   303,   303] },
  // Interest ballots: likewise, the ballot's token in the path is the credential.
  { route: 'GET /api/events/:event/interest/:token',                        expect: [200,   200,   200,   200,   200,   200,   200,   200,   200,   200] },
  { route: 'PUT /api/events/:event/interest/:token',                        expect: [200,   200,   200,   200,   200,   200,   200,   200,   200,   200] },
];

/**
 * The public program, read-only and served from memory: the same answer for everyone
 * (including API tokens, which it ignores).
 */
const PUBLIC: { route: string; url: (w: World) => string; status: number }[] = [
  { route: 'GET /', url: () => '/', status: 200 },
  { route: 'GET /:event', url: () => '/conf-a', status: 200 },
  { route: 'GET /:event/search', url: () => '/conf-a/search?q=data', status: 200 },
  { route: 'GET /:event/talks/:talk', url: (w) => `/conf-a/talks/${w.programTalk.slug}`, status: 200 },
  { route: 'GET /:event/speakers', url: () => '/conf-a/speakers', status: 200 },
  { route: 'GET /:event/speakers/:speaker', url: (w) => `/conf-a/speakers/${w.programTalk.speakerSlug}`, status: 200 },
  { route: 'GET /:event/tracks', url: () => '/conf-a/tracks', status: 200 },
  { route: 'GET /:event/tracks/:track', url: () => '/conf-a/tracks/data', status: 200 },
  { route: 'GET /:event/brand.css', url: () => '/conf-a/brand.css', status: 200 },
  { route: 'GET /api', url: () => '/api', status: 302 },
  { route: 'GET /api/openapi.json', url: () => '/api/openapi.json', status: 200 },
  { route: 'GET /api/events', url: () => '/api/events', status: 200 },
  { route: 'GET /api/events/:event', url: () => '/api/events/conf-a', status: 200 },
  { route: 'GET /api/events/:event/talks', url: () => '/api/events/conf-a/talks', status: 200 },
  {
    route: 'GET /api/events/:event/talks/:talk',
    url: (w) => `/api/events/conf-a/talks/${w.programTalk.slug}`,
    status: 200,
  },
  { route: 'GET /api/events/:event/speakers', url: () => '/api/events/conf-a/speakers', status: 200 },
  { route: 'GET /api/events/:event/tracks', url: () => '/api/events/conf-a/tracks', status: 200 },
  // The schedule and its exports, from A's release "1" (see the world).
  { route: 'GET /:event/schedule', url: () => '/conf-a/schedule', status: 200 },
  { route: 'GET /:event/schedule/:day', url: () => '/conf-a/schedule/2099-06-01', status: 200 },
  { route: 'GET /:event/changelog', url: () => '/conf-a/changelog', status: 200 },
  { route: 'GET /:event/changelog.atom', url: () => '/conf-a/changelog.atom', status: 200 },
  { route: 'GET /:event/now', url: () => '/conf-a/now', status: 200 },
  { route: 'GET /:event/rooms/:room/now', url: () => '/conf-a/rooms/hall-a/now', status: 200 },
  { route: 'GET /:event/embed', url: () => '/conf-a/embed', status: 200 },
  // A photo a speaker uploaded: public, by its address.
  { route: 'GET /media/speaker-photos/:file', url: (w) => w.photoPath, status: 200 },
  { route: 'GET /:event/embed.html', url: () => '/conf-a/embed.html', status: 200 },
  { route: 'GET /:event/widget.js', url: () => '/conf-a/widget.js', status: 200 },
  { route: 'GET /:event/exports', url: () => '/conf-a/exports', status: 200 },
  { route: 'GET /:event/schedule.xml', url: () => '/conf-a/schedule.xml', status: 200 },
  { route: 'GET /:event/schedule.json', url: () => '/conf-a/schedule.json', status: 200 },
  { route: 'GET /:event/schedule.ics', url: () => '/conf-a/schedule.ics', status: 200 },
  { route: 'GET /:event/talks.csv', url: () => '/conf-a/talks.csv', status: 200 },
  { route: 'GET /:event/talks/:talk.ics', url: (w) => `/conf-a/talks/${w.programTalk.slug}.ics`, status: 200 },
  { route: 'GET /api/events/:event/schedule', url: () => '/api/events/conf-a/schedule', status: 200 },
  { route: 'GET /api/events/:event/releases', url: () => '/api/events/conf-a/releases', status: 200 },
  { route: 'GET /:event/interest', url: () => '/conf-a/interest', status: 200 },
  // My agenda, and the world's shared agenda by its read-only share id.
  { route: 'GET /:event/agenda', url: () => '/conf-a/agenda', status: 200 },
  { route: 'GET /:event/agenda/:share', url: (w) => `/conf-a/agenda/${w.sharedAgenda.shareId}`, status: 200 },
  {
    route: 'GET /:event/agenda/:share/qr.svg',
    url: (w) => `/conf-a/agenda/${w.sharedAgenda.shareId}/qr.svg`,
    status: 200,
  },
  {
    route: 'GET /:event/agenda/:share/calendar.ics',
    url: (w) => `/conf-a/agenda/${w.sharedAgenda.shareId}/calendar.ics`,
    status: 200,
  },
  // Offline reading: the service worker, the manifest, the offline page and the pages to keep.
  { route: 'GET /sw.js', url: () => '/sw.js', status: 200 },
  // For crawlers and for clients that ask for an icon without reading a page.
  { route: 'GET /robots.txt', url: () => '/robots.txt', status: 200 },
  { route: 'GET /favicon.ico', url: () => '/favicon.ico', status: 200 },
  { route: 'GET /:event/manifest.webmanifest', url: () => '/conf-a/manifest.webmanifest', status: 200 },
  { route: 'GET /:event/offline', url: () => '/conf-a/offline', status: 200 },
  { route: 'GET /api/events/:event/pages', url: () => '/api/events/conf-a/pages', status: 200 },
  // Operations: liveness and readiness for load balancers; metrics for this machine (the matrix's
  // requests come from loopback, and no METRICS_TOKEN is set), whoever is logged in.
  { route: 'GET /healthz', url: () => '/healthz', status: 200 },
  { route: 'GET /readyz', url: () => '/readyz', status: 200 },
  { route: 'GET /metrics', url: () => '/metrics', status: 200 },
];

const COLUMNS: Role[] = [...SESSION_ROLES, ...TOKEN_ROLES];

/** Waits (10 s at most) until no schedule proposal runs: a started one ends within its budget. */
async function untilNoProposalRuns(db: Database): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    const running = await db
      .select({ id: scheduleProposals.id })
      .from(scheduleProposals)
      .where(eq(scheduleProposals.status, 'running'));
    if (running.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('a schedule proposal was still running after 10 s');
}

function describeCell(cell: Cell): string {
  return cell === LOGIN ? '303 to login' : String(cell);
}

function describeResponse(response: LightMyRequestResponse): string {
  const location = String(response.headers.location ?? '');
  return response.statusCode === 303 && location.startsWith('/login?next=')
    ? '303 to login'
    : String(response.statusCode);
}

/** An allowed state change: anything that is not a refusal (a redirect to log in, a 4xx). */
function allowed(cell: Cell): boolean {
  return cell !== LOGIN && cell < 400;
}

describe('the authorisation matrix: every route × every role', () => {
  let app: App;
  let db: Database;
  let world: World;
  let browsers: Record<SessionRole, Browser>;
  // The world and the app are built once; each test starts from the world again.
  const matrix = useMatrixWorld();
  beforeAll(() => ({ app, db, world, browsers } = matrix));
  const changedTables = () => matrix.changedTables();

  async function send(
    role: Role,
    method: string,
    url: string,
    body: Record<string, unknown> | undefined,
    multipart?: RouteRequest['multipart'],
  ) {
    const api = url.startsWith('/api/');
    if (role === 'tokenA' || role === 'tokenB') {
      return app.inject({
        method: method as 'GET' | 'POST' | 'PUT',
        url,
        headers: { authorization: `Bearer ${role === 'tokenA' ? world.apiTokenA : world.apiTokenB}` },
        ...(body ? { payload: body } : {}),
      });
    }
    const browser = cloneBrowser(app, browsers[role]);
    if (method === 'GET') return browser.get(url);
    if (multipart) return browser.postMultipart(url, multipart());
    if (!api) return browser.post(url, body as Form);
    // A browser's call to the organiser API: its cookies and a valid CSRF token, as JSON.
    return app.inject({
      method: method as 'POST' | 'PUT',
      url,
      headers: { cookie: browser.cookieHeader, 'x-csrf-token': browser.csrf! },
      payload: body ?? {},
    });
  }

  it('has a row for every route the app registers, and no row for a route it does not', () => {
    const registered = registeredRoutes(app)
      .filter((route) => route.method !== 'HEAD' && !outOfScope(route.path))
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    const tabled = [...ROWS.map((row) => row.route), ...PUBLIC.map((row) => row.route)].sort();
    expect(new Set(tabled).size).toBe(tabled.length);
    expect({ missingFromTable: registered.filter((r) => !tabled.includes(r)) }).toEqual({ missingFromTable: [] });
    expect({ notRegistered: tabled.filter((r) => !registered.includes(r)) }).toEqual({ notRegistered: [] });
  });

  it.each(ROWS)('$route answers each role as the table says', async (row) => {
    expect(row.expect).toHaveLength(row.route.includes(' /api/') ? COLUMNS.length : SESSION_ROLES.length);
    const method = row.route.split(' ')[0]!;
    const request = requestFor(row.route);
    const url = request.url(world);
    const roles = COLUMNS.slice(0, row.expect.length);
    const got: string[] = [];
    const want: string[] = [];
    for (const [i, role] of roles.entries()) {
      const cell = row.expect[i]!;
      const response = await send(role, method, url, request.body?.(world), request.multipart);
      got.push(`${role}: ${describeResponse(response)}`);
      want.push(`${role}: ${describeCell(cell)}`);
      if (method === 'GET') continue;
      if (allowed(cell)) await row.settle?.(db);
      const changed = await changedTables();
      if (allowed(cell)) {
        // It did what it is for (a refusal dressed as a redirect would write nothing).
        got.push(`${role}: wrote ${changed.length === 0 ? 'nothing' : 'something'}`);
        want.push(`${role}: wrote ${row.quiet?.includes(role) ? 'nothing' : 'something'}`);
      } else {
        got.push(`${role}: wrote ${changed.length === 0 ? 'nothing' : changed.join(', ')}`);
        want.push(`${role}: wrote nothing`);
      }
      // Refused requests still count against rate limits: each cell starts from none.
      if (changed.length > 0) await matrix.restore();
      else await db.execute(sql`truncate rate_limits`);
    }
    expect(got).toEqual(want);
  });

  it('serves the public program alike to everyone', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const page of PUBLIC) {
      for (const role of COLUMNS) {
        const response = await send(role, 'GET', page.url(world), undefined);
        got.push(`${page.route} ${role}: ${response.statusCode}`);
        want.push(`${page.route} ${role}: ${page.status}`);
      }
    }
    expect(got).toEqual(want);
  });
});
