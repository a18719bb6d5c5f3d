import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Agenda, EventProgram } from '../../../modules/agenda/index.js';
import { RESERVED_EVENT_SLUGS } from '../../../modules/program/index.js';
import { icons, publicAssets } from '../../assets.js';
import {
  API_HEADERS,
  buildCachedResponse,
  builtOnce,
  PUBLIC_PAGE_CSP,
  type ResponseCache,
  sendCached,
} from '../../http-cache.js';
import { offlinePageUrls } from '../../offline-pages.js';
import { localisedPages } from '../../localised-pages.js';
import { renderPage } from '../../views/layout.js';
import { OfflinePage } from '../../views/public/offline.js';
import { requireEvent } from '../published-program.js';
import { ApiErrorSchema, EventParamsSchema } from '../api/program.schema.js';
import { ManifestSchema, OfflinePagesSchema, type Manifest, type OfflinePages } from './offline.schema.js';

export interface OfflineRoutesOptions {
  agenda: Agenda;
  cache: ResponseCache;
}

/** The worker's own policy: it runs no other script and fetches from this origin only. */
export const WORKER_CSP = "default-src 'none'; connect-src 'self'";

/**
 * The service worker: its source with what it must know put before it. Browsers check for a
 * new worker on every visit; `no-cache` makes that a revalidation (a 304 when unchanged), so a
 * new release of Lectern reaches them at once.
 */
function workerScript(): string {
  const source = readFileSync(new URL('../../assets/service-worker.js', import.meta.url), 'utf8');
  const config = {
    assets: publicAssets.map((asset) => asset.url),
    reserved: [...RESERVED_EVENT_SLUGS].sort(),
  };
  return `const CONFIG = ${JSON.stringify(config)};\n${source}`;
}

/**
 * Program versions count the loads of this process: with this process's own mark before them,
 * a version never repeats one that an earlier process (or another instance) gave.
 */
const PROCESS_MARK = randomBytes(6).toString('base64url');

export function manifestOf(program: EventProgram): Manifest {
  return {
    id: `/${program.slug}`,
    name: program.name,
    short_name: program.name.length <= 12 ? program.name : program.name.slice(0, 12).trim(),
    description: `The program of ${program.name}`,
    start_url: `/${program.slug}`,
    scope: `/${program.slug}`,
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#14213d',
    icons: [
      { src: icons.svg.url, sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      { src: icons.png192.url, sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: icons.png512.url, sizes: '512x512', type: 'image/png', purpose: 'any' },
    ],
  };
}

const workerResponse = builtOnce(() =>
  buildCachedResponse(workerScript(), {
    contentType: 'text/javascript; charset=utf-8',
    cacheControl: 'no-cache',
    headers: { 'content-security-policy': WORKER_CSP },
  }),
);

/**
 * Offline reading: the service worker, each event's web app manifest (install to the home
 * screen), the page shown for a page not kept, and the list of the event's pages the worker
 * keeps. All built from the agenda and served from memory, like the pages themselves.
 */
const offlineRoutes: FastifyPluginAsyncTypebox<OfflineRoutesOptions> = async (app, { agenda, cache }) => {
  const common = { hide: true, tags: ['pages'] };
  const worker = workerResponse();

  app.get('/sw.js', { schema: { ...common, response: { 200: Type.String() } } }, (request, reply) => {
    return sendCached(request, reply, worker);
  });

  app.get(
    '/:event/manifest.webmanifest',
    { schema: { ...common, params: EventParamsSchema, response: { 200: ManifestSchema } } },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const key = `${program.slug}@${program.version}|manifest`;
      return sendCached(
        request,
        reply,
        cache.remember(key, () =>
          buildCachedResponse(JSON.stringify(manifestOf(program)), {
            contentType: 'application/manifest+json; charset=utf-8',
          }),
        ),
      );
    },
  );

  app.get(
    '/:event/offline',
    { schema: { ...common, params: EventParamsSchema, response: { 200: Type.String() } } },
    async (request, reply) => {
      const pages = localisedPages(cache, request, reply);
      const program = await requireEvent(agenda, request.params.event);
      const key = `${program.slug}@${program.version}|offline`;
      return sendCached(
        request,
        reply,
        pages.remember(key, () =>
          buildCachedResponse(renderPage(OfflinePage({ program })), {
            contentType: 'text/html; charset=utf-8',
            headers: { 'content-security-policy': PUBLIC_PAGE_CSP },
          }),
        ),
      );
    },
  );

  app.get(
    '/api/events/:event/pages',
    {
      schema: {
        tags: ['program'],
        summary: "List an event's public pages, for reading offline",
        description:
          "The addresses of the event's public pages and of the JSON they read, which the service worker keeps " +
          'after a first visit. `version` changes whenever the program does.',
        operationId: 'listOfflinePages',
        params: EventParamsSchema,
        response: { 200: OfflinePagesSchema, 400: ApiErrorSchema, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const program = await requireEvent(agenda, request.params.event);
      const key = `${program.slug}@${program.version}|api|pages`;
      return sendCached(
        request,
        reply,
        cache.remember(key, () => {
          const body: OfflinePages = {
            event: program.slug,
            version: `${PROCESS_MARK}.${program.version}`,
            urls: offlinePageUrls(program),
          };
          return buildCachedResponse(JSON.stringify(body), {
            contentType: 'application/json; charset=utf-8',
            headers: API_HEADERS,
          });
        }),
      );
    },
  );
};

export default offlineRoutes;
