import fp from 'fastify-plugin';
import { invalidField, type InputPart } from '../errors.js';
import type { App } from '../types.js';

/**
 * Input no route can use, refused before any route sees it: a NUL character anywhere in a
 * query string, a path parameter or a body (form or JSON, field names included). PostgreSQL
 * cannot store one in text, so without this every handler would have to remember; with it,
 * each such request is a 400 naming the field. Registered once, for every route.
 */

/** How a field name shows in a message: a NUL in it made visible. */
function shown(name: string): string {
  return name.replaceAll('\u0000', '\\u0000');
}

/** The path ("talks/0/title") of the first string, or key, holding a NUL; undefined if none. */
export function pathOfNul(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathOfNul(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, shown(key)];
      const found = pathOfNul(item, [...path, shown(key)]);
      if (found) return found;
    }
  }
  return undefined;
}

async function inputGuard(app: App): Promise<void> {
  // preValidation: the body is parsed by then, and no schema, CSRF check or handler has run.
  app.addHook('preValidation', async (request) => {
    const parts: [InputPart, unknown][] = [
      ['querystring', request.query],
      ['params', request.params],
      ['body', request.body],
    ];
    for (const [part, value] of parts) {
      const path = pathOfNul(value);
      if (path) throw invalidField(part, path.join('/'), 'contains a NUL character');
    }
  });
}

export default fp(inputGuard, { name: 'lectern-input-guard' });

/**
 * An application/x-www-form-urlencoded body → its fields (a repeated field → a list), as
 * fast-querystring reads them, except that a malformed %-escape ("%ZZ", a cut UTF-8 sequence)
 * is a 400 naming the field instead of text stored as typed.
 */
export function parseFormBody(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    const name = decodeFormText(rawName, rawName);
    const value = decodeFormText(rawValue, name);
    const previous = fields[name];
    if (previous === undefined) fields[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else fields[name] = [previous, value];
  }
  return fields;
}

function decodeFormText(raw: string, field: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    throw invalidField('body', shown(field), 'holds a malformed %-escape');
  }
}
