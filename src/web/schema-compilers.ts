import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify compiles every route's schemas into validators and serialisers when an app is built,
 * with fresh compilers per app. One pair per process keeps what it compiled, by the schema's
 * JSON text (many route schemas are built inline, so the same schema is a new object in each
 * app): the second app built in a process compiles nothing again. A server builds one app; the
 * tests build hundreds per worker, and this took ~50 ms off each.
 */
type ValidatorFactory = ReturnType<typeof AjvCompiler>;
type SerializerFactory = ReturnType<typeof SerializerSelector>;

function compiledOnce<F>(compile: (route: { schema?: unknown; httpPart?: string }) => F) {
  const compiled = new Map<string, F>();
  return (route: { schema?: unknown; httpPart?: string }): F => {
    const key = `${route.httpPart ?? ''}|${JSON.stringify(route.schema)}`;
    let done = compiled.get(key);
    if (done === undefined) {
      done = compile(route);
      compiled.set(key, done);
    }
    return done;
  };
}

/** One compile cache per set of external schemas and options, as Fastify's own pools key them. */
function perConfiguration<C>(build: (externalSchemas: unknown, options: unknown) => C): (e: unknown, o: unknown) => C {
  const pool = new Map<string, C>();
  return (externalSchemas, options) => {
    const key = JSON.stringify([externalSchemas, options]);
    let compiler = pool.get(key);
    if (compiler === undefined) {
      compiler = build(externalSchemas, options);
      pool.set(key, compiler);
    }
    return compiler;
  };
}

const validators = AjvCompiler();
const serializers = SerializerSelector();

const buildValidator = perConfiguration((externalSchemas, options) =>
  compiledOnce(validators(externalSchemas as never, options as never) as never),
) as unknown as ValidatorFactory;

const buildSerializer = perConfiguration((externalSchemas, options) =>
  compiledOnce(serializers(externalSchemas, options as never) as never),
) as unknown as SerializerFactory;

export const sharedSchemaCompilers = { buildValidator, buildSerializer };
