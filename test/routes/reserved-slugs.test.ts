import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESERVED_EVENT_SLUGS } from '../../src/modules/program/index.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { registeredRoutes } from './authorisation-fixtures.js';

describe('reserved event slugs', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp();
  });
  afterAll(async () => {
    await test.app.close();
  });

  it('reserves every static first path segment the app routes, so no event sits at its addresses', () => {
    const firstSegments = new Set(
      registeredRoutes(test.app)
        .map((route) => route.path.split('/')[1] ?? '')
        // ":event" is the event's own slug; "" is the start page.
        .filter((segment) => segment !== '' && !segment.startsWith(':') && segment !== '*'),
    );
    expect(firstSegments.size).toBeGreaterThan(5);
    const unreserved = [...firstSegments].filter(
      // A dot or capital letter can never be in a slug, so such paths need no reservation.
      (segment) => /^[a-z0-9-]+$/.test(segment) && !RESERVED_EVENT_SLUGS.has(segment),
    );
    expect(unreserved).toEqual([]);
  });
});
