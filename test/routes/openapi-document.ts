import * as Schema from 'typebox/schema';

/** The parts of an OpenAPI 3.1 document the route tests read. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

export interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

/** The document's path template that a concrete path matches: /api/events/{event}/talks for /api/events/x/talks. */
export function pathTemplate(document: OpenApiDocument, path: string): string | undefined {
  return Object.keys(document.paths).find((template) => {
    const literal = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${literal.join('[^/]+')}$`).test(path);
  });
}

/** A copy of `node` with every local $ref replaced by what it points at (the API's schemas are not recursive). */
export function dereference(document: OpenApiDocument, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((item) => dereference(document, item));
  if (node === null || typeof node !== 'object') return node;
  const object = node as Record<string, unknown>;
  if (typeof object.$ref === 'string') {
    const target = object.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>(
        (at, key) => (at as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        document,
      );
    if (target === undefined) throw new Error(`unresolved $ref ${object.$ref}`);
    return dereference(document, target);
  }
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, dereference(document, value)]));
}

/** The JSON schema the document gives for a response of `method path` with `status`. */
export function responseSchema(document: OpenApiDocument, method: string, path: string, status: number): unknown {
  const template = pathTemplate(document, path);
  if (!template) throw new Error(`the OpenAPI document has no path for ${path}`);
  const operation = document.paths[template]![method.toLowerCase()];
  if (!operation) throw new Error(`the OpenAPI document has no ${method} ${template}`);
  const response = operation.responses[String(status)];
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`the OpenAPI document gives no JSON schema for ${status} of ${method} ${template}`);
  return dereference(document, schema);
}

/** The ways `value` breaks `schema`, as "path: message" lines; empty when it conforms. */
export function schemaViolations(schema: unknown, value: unknown): string[] {
  const [, errors] = Schema.Errors(schema as Schema.XSchema, value);
  return errors.map((error) => `${error.instancePath || '/'}: ${error.message}`);
}
