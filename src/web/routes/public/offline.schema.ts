import { Type, type Static } from '@fastify/type-provider-typebox';

/** The URL list the service worker keeps an event's pages from (see offline-pages.ts). */
export const OfflinePagesSchema = Type.Object(
  {
    event: Type.String({ description: "The event's slug" }),
    version: Type.String({
      description: 'Changes whenever any of the pages may have: the worker fetches them again only then',
    }),
    urls: Type.Array(Type.String({ description: 'A path on this site, e.g. /pybay-2016/talks/a-talk' }), {
      description: "The event's public pages and the JSON they read",
    }),
  },
  { $id: 'OfflinePages', title: 'OfflinePages', additionalProperties: false },
);
export type OfflinePages = Static<typeof OfflinePagesSchema>;

/** The web app manifest (https://www.w3.org/TR/appmanifest/), as much of it as Lectern fills. */
export const ManifestSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    short_name: Type.String(),
    description: Type.String(),
    start_url: Type.String(),
    scope: Type.String(),
    display: Type.Literal('standalone'),
    background_color: Type.String(),
    theme_color: Type.String(),
    icons: Type.Array(
      Type.Object({ src: Type.String(), sizes: Type.String(), type: Type.String(), purpose: Type.String() }),
    ),
  },
  { additionalProperties: false },
);
export type Manifest = Static<typeof ManifestSchema>;
