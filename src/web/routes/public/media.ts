import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../../db/client.js';
import { findSpeakerPhoto } from '../../../modules/program/index.js';
import { NotFoundError } from '../../../shared/errors.js';
import { CACHE_IMMUTABLE, SECURITY_HEADERS } from '../../http-cache.js';

export interface MediaRoutesOptions {
  db: Database;
}

const PhotoParams = Type.Object({
  file: Type.String({ pattern: '^[1-9][0-9]{0,9}-[0-9a-f]{16}\\.webp$', maxLength: 40 }),
});

/** An image is no document: it may run nothing, and other sites may show it (an export's avatar). */
const MEDIA_HEADERS: Record<string, string> = {
  ...SECURITY_HEADERS,
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
  'cross-origin-resource-policy': 'cross-origin',
  'cache-control': CACHE_IMMUTABLE,
};

/**
 * Photos speakers uploaded, from the database (every app instance serves every photo). The
 * address holds the image's hash, so it never changes under its address: caches keep it for a
 * year, and its ETag (the hash) answers a revalidation with a 304.
 */
const mediaRoutes: FastifyPluginAsyncTypebox<MediaRoutesOptions> = async (app, { db }) => {
  app.get('/media/speaker-photos/:file', { schema: { params: PhotoParams } }, async (request, reply) => {
    const [id, rest] = request.params.file.split('-') as [string, string];
    const hash = rest.slice(0, 16);
    const photo = Number(id) <= 2_147_483_647 ? await findSpeakerPhoto(db, Number(id), hash) : undefined;
    if (!photo) throw new NotFoundError('There is no such photo.');
    const etag = `"${photo.hash}"`;
    reply.headers({ ...MEDIA_HEADERS, etag });
    const match = request.headers['if-none-match'];
    if (match !== undefined && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return reply.code(304).send();
    }
    return reply.type(photo.contentType).send(photo.bytes);
  });
};

export default mediaRoutes;
