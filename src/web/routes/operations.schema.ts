import { Type, type Static } from '@fastify/type-provider-typebox';

/** The operations endpoints' shapes: what a load balancer, an orchestrator or Prometheus reads. */

export const AliveSchema = Type.Object(
  { status: Type.Literal('ok') },
  { title: 'Alive', description: 'The process is running and answering', additionalProperties: false },
);

export const ReadySchema = Type.Object(
  { status: Type.Literal('ready') },
  {
    title: 'Ready',
    description: 'The database answers and has every migration this release ships: send traffic here',
    additionalProperties: false,
  },
);

export const UnavailableSchema = Type.Object(
  {
    status: Type.Literal('unavailable'),
    checks: Type.Object(
      {
        server: Type.String({ description: '"running", or "closing" while the instance shuts down' }),
        database: Type.String({
          description: '"ok", "unreachable", "no answer within 2 s", or "not checked" (closing)',
        }),
        migrations: Type.String({
          description:
            '"current", "pending: 0018_outbox-drafts" (migrations not applied yet), "unreadable", or "not checked"',
        }),
      },
      { additionalProperties: false },
    ),
  },
  {
    title: 'Unavailable',
    description: 'Send no traffic here for now (see Retry-After); which check failed',
    additionalProperties: false,
  },
);

export type Unavailable = Static<typeof UnavailableSchema>;

/** The content type of the Prometheus text format, version 0.0.4, as prom-client writes it. */
export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';
