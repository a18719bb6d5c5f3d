import { Type, type Static } from '@fastify/type-provider-typebox';
import { MAX_BALLOT_TALKS } from '../../../modules/interest-ballots/index.js';
import { AgendaParamsSchema } from './attendee-agendas.schema.js';

/**
 * A ballot's token as the client makes it: 32 random bytes in base64url (43 characters), the
 * strength of an agenda's token. Shorter is refused: a guessable token would let anyone change
 * somebody's ballot.
 */
export const BALLOT_TOKEN_PATTERN = '^[A-Za-z0-9_-]{43,100}$';

export const BallotParamsSchema = Type.Object({
  event: AgendaParamsSchema.properties.event,
  token: Type.String({
    pattern: BALLOT_TOKEN_PATTERN,
    description:
      'The ballot’s token, made by the client: at least 32 random bytes in base64url (43 to 100 of A–Z, a–z, 0–9, "-", "_"). The first PUT under a new token creates the ballot; it is the only credential to read and change it',
  }),
});

export const BallotTalksSchema = Type.Object(
  {
    talks: Type.Array(Type.String({ minLength: 1, maxLength: 120, description: 'A talk’s slug' }), {
      maxItems: MAX_BALLOT_TALKS,
      description: `The talks the attendee wants to see, by slug, each a talk of the event’s program; at most ${MAX_BALLOT_TALKS}`,
    }),
  },
  { additionalProperties: false },
);

export const BallotSchema = Type.Object({
  talks: Type.Array(Type.String(), { description: 'The marked talks, by slug, without repeats, in program order' }),
  open: Type.Boolean({ description: 'Whether the ballot can still be changed' }),
  closesAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the ballot closes; null when the organisers have set no time',
  }),
});
export type BallotBody = Static<typeof BallotSchema>;
