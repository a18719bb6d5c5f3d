import multipart from '@fastify/multipart';
import fp from 'fastify-plugin';
import { invalidField } from '../errors.js';
import type { App } from '../types.js';
import { pathOfNul } from './input-guard.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes multipart forms, whose CSRF token the multipart-form plugin checks once the body is read. */
    csrfAfterMultipart?: boolean;
  }
}

export interface MultipartFormOptions {
  /** The largest file a form may carry; a larger one is a 413 saying so. */
  maxFileBytes: number;
}

/**
 * Forms with a file (multipart/form-data), for the routes registered beside this plugin only: the
 * rest of the site takes no multipart bodies (Fastify answers 415). The form's fields and its one
 * file land in the body as strings and a Buffer. The csrf plugin checks tokens in preValidation,
 * before @fastify/multipart has read the body (it reads it in its own preValidation hook), so for
 * these routes it leaves the check to this plugin, which makes it after reading: the `_csrf` field
 * (or the x-csrf-token header) of every form sent to them, multipart or not, and looks for NUL
 * characters in its text fields as the input guard does in other bodies.
 */
async function multipartForm(app: App, options: MultipartFormOptions): Promise<void> {
  const megabytes = Math.round(options.maxFileBytes / (1024 * 1024));
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { files: 1, fields: 10, fieldSize: 4096, parts: 12, fileSize: options.maxFileBytes },
    async onFile(part) {
      try {
        await part.toBuffer();
      } catch (error) {
        if (error instanceof app.multipartErrors.RequestFileTooLargeError)
          throw Object.assign(new Error(`The file is larger than ${megabytes} MB: choose a smaller one.`), {
            statusCode: 413,
          });
        throw error;
      }
    },
  });
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, csrfAfterMultipart: true };
  });
  app.addHook('preValidation', (request, reply, done) => {
    // The input guard ran before the multipart body was read: its text fields (not its file,
    // which is bytes) are checked here for a NUL character.
    if (request.isMultipart() && request.body !== null && typeof request.body === 'object') {
      const fields = Object.entries(request.body).filter(([, value]) => !Buffer.isBuffer(value));
      const path = pathOfNul(Object.fromEntries(fields));
      if (path) {
        done(invalidField('body', path.join('/'), 'contains a NUL character'));
        return;
      }
    }
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || request.actor?.via === 'api-token') {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });
}

export default fp(multipartForm, { name: 'lectern-multipart-form', dependencies: ['lectern-csrf'] });
