import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../../db/client.js';
import sessionTypeRoutes from './session-types.js';
import settingsRoutes from './settings.js';
import talkRoutes from './talks.js';
import teamRoutes from './team.js';
import trackRoutes from './tracks.js';

export interface SiteRouteOptions {
  db: Database;
  publicUrl: string;
}

/**
 * Organiser pages for the program itself: event settings, tracks and levels, session types, talks and
 * speaker profiles, the team. Every page and action is the event's organisers' alone (the
 * program module's functions check it first).
 */
const programAdminRoutes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (app, options) => {
  await app.register(settingsRoutes, options);
  await app.register(trackRoutes, options);
  await app.register(sessionTypeRoutes, options);
  await app.register(talkRoutes, options);
  await app.register(teamRoutes, options);
};

export default programAdminRoutes;
