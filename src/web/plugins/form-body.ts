import formbody from '@fastify/formbody';
import fp from 'fastify-plugin';
import type { App } from '../types.js';
import { parseFormBody } from './input-guard.js';

/** Form bodies (application/x-www-form-urlencoded), up to 256 KiB; a malformed %-escape is a 400 naming the field. */
async function formBody(app: App): Promise<void> {
  await app.register(formbody, { bodyLimit: 256 * 1024, parser: parseFormBody });
}

export default fp(formBody, { name: 'lectern-form-body' });
