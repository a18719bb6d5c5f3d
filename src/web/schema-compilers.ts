import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify compiles every route's schemas into validators and serialisers when an app is built,
 * with a fresh compiler per app. Our schemas are module-level constants, so one compiler per
 * process can keep what it compiled: the second app built in a process (each test file builds
 * several; the CLI builds one beside the server's) then compiles nothing again. Validators are
 * kept by Ajv's own cache, which is keyed by the schema object; serialisers here, the same way.
 */
const validators = AjvCompiler();
const serializers = SerializerSelector();

type SerializerFactory = ReturnType<typeof SerializerSelector>;
type Serializer = (data: unknown) => string;

const compiledSerializers = new Map<string, WeakMap<object, Serializer>>();

const buildSerializer: SerializerFactory = (externalSchemas, options) => {
  const build = serializers(externalSchemas, options);
  const key = JSON.stringify([externalSchemas, options]);
  let compiled = compiledSerializers.get(key);
  if (!compiled) compiledSerializers.set(key, (compiled = new WeakMap()));
  const known = compiled;
  return (route) => {
    const { schema } = route;
    if (typeof schema !== 'object' || schema === null) return build(route) as Serializer;
    let serialize = known.get(schema);
    if (!serialize) {
      serialize = build(route) as Serializer;
      known.set(schema, serialize);
    }
    return serialize;
  };
};

export const sharedSchemaCompilers = { buildValidator: validators, buildSerializer };
