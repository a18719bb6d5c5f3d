import { Type, type Static } from '@fastify/type-provider-typebox';
import { MAX_AGENDA_TALKS } from '../../../modules/attendee-agendas/index.js';

export const AgendaParamsSchema = Type.Object({
  event: Type.String({ minLength: 1, maxLength: 120, description: "The event's slug, e.g. pybay-2016" }),
});

export const AgendaTokenParamsSchema = Type.Object({
  event: AgendaParamsSchema.properties.event,
  token: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'The agenda’s token, as its creation returned it: the credential to read and change it',
  }),
});

export const AgendaTalksSchema = Type.Object(
  {
    talks: Type.Array(Type.String({ minLength: 1, maxLength: 120, description: 'A talk’s slug' }), {
      maxItems: MAX_AGENDA_TALKS,
      description: `The starred talks, by slug, each a talk of the event’s program; at most ${MAX_AGENDA_TALKS}`,
    }),
  },
  { additionalProperties: false },
);
export type AgendaTalks = Static<typeof AgendaTalksSchema>;

export const AgendaSchema = Type.Object({
  talks: Type.Array(Type.String(), { description: 'The starred talks, by slug, without repeats, in the order given' }),
  url: Type.String({ description: 'The shared agenda’s page: read-only, for whoever has the link' }),
  icalUrl: Type.String({
    description: 'The agenda as an iCalendar feed: the event export’s VEVENTs for these talks, following each release',
  }),
});
export type AgendaBody = Static<typeof AgendaSchema>;

export const CreatedAgendaSchema = Type.Object({
  token: Type.String({
    description: 'The credential to read and change this agenda (GET and PUT). Shown once: keep it secret',
  }),
  ...AgendaSchema.properties,
});
export type CreatedAgenda = Static<typeof CreatedAgendaSchema>;
