import { Type, type Static } from '@fastify/type-provider-typebox';

/** The public program API's shapes: one schema each, and the types derived from them. */

export const ApiErrorSchema = Type.Object(
  {
    statusCode: Type.Integer({ description: 'The HTTP status' }),
    error: Type.String({ description: 'The status text, e.g. "Not Found"' }),
    message: Type.String({ description: 'What went wrong, in a sentence' }),
    parameter: Type.Optional(Type.String({ description: 'The request parameter at fault (400 only)' })),
  },
  {
    $id: 'ApiError',
    title: 'ApiError',
    description: 'What went wrong and, for a bad request, the parameter at fault',
    additionalProperties: false,
  },
);

export const NamedRefSchema = Type.Object(
  { slug: Type.String(), name: Type.String() },
  { additionalProperties: false },
);

export const EventSummarySchema = Type.Object(
  {
    slug: Type.String({ description: "The event's slug, used in every URL of the event" }),
    name: Type.String(),
    talkCount: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const EventListSchema = Type.Object(
  { events: Type.Array(EventSummarySchema) },
  { $id: 'EventList', title: 'EventList', description: 'The events, by name', additionalProperties: false },
);

export const LevelSlugSchema = Type.String({
  description: "The talk's audience level: beginner, intermediate or advanced",
  examples: ['beginner', 'intermediate', 'advanced'],
});

export const TalkSchema = Type.Object(
  {
    slug: Type.String(),
    url: Type.String({ description: "The path of the talk's public page" }),
    title: Type.String(),
    track: Type.Union([NamedRefSchema, Type.Null()]),
    level: Type.Union([LevelSlugSchema, Type.Null()]),
    description: Type.String({ description: 'Markdown' }),
    abstract: Type.String({ description: 'Markdown' }),
    speakers: Type.Array(NamedRefSchema),
    needsAttention: Type.Boolean({
      description: 'True when the talk was imported with something missing, e.g. its title',
    }),
    snippet: Type.Optional(
      Type.String({
        description:
          'Only when searching: an HTML fragment of the matching text, escaped, with the matched words in <mark> elements',
      }),
    ),
  },
  { $id: 'Talk', title: 'Talk', description: 'A talk of the published program', additionalProperties: false },
);

export const TalkListSchema = Type.Object(
  { talks: Type.Array(TalkSchema) },
  {
    $id: 'TalkList',
    title: 'TalkList',
    description: 'The talks: in program order, or best match first when searching',
    additionalProperties: false,
  },
);

export const SpeakerSchema = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    biography: Type.String({ description: 'Markdown' }),
    talks: Type.Array(Type.String(), { description: "The slugs of the speaker's talks, in program order" }),
  },
  { additionalProperties: false },
);

export const SpeakerListSchema = Type.Object(
  { speakers: Type.Array(SpeakerSchema) },
  {
    $id: 'SpeakerList',
    title: 'SpeakerList',
    description: 'The speakers, by name, each with the slugs of their talks',
    additionalProperties: false,
  },
);

export const TrackSchema = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    talkCount: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const TrackListSchema = Type.Object(
  { tracks: Type.Array(TrackSchema) },
  {
    $id: 'TrackList',
    title: 'TrackList',
    description: 'The tracks, in program order, each with its number of talks',
    additionalProperties: false,
  },
);

export const EventParamsSchema = Type.Object({
  event: Type.String({ minLength: 1, maxLength: 120, description: "The event's slug, e.g. pybay-2016" }),
});

export const TalkParamsSchema = Type.Object({
  event: EventParamsSchema.properties.event,
  talk: Type.String({ minLength: 1, maxLength: 120, description: "The talk's slug" }),
});

export const TalkQuerySchema = Type.Object({
  track: Type.Optional(
    Type.String({ minLength: 1, maxLength: 120, description: 'Only talks of this track (its slug)' }),
  ),
  level: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 120,
      description: 'Only talks of this level: beginner, intermediate or advanced',
    }),
  ),
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'Full-text search over titles, descriptions, abstracts, speaker names and bios. Web-search syntax: "quoted phrase", -excluded, or. Results come best first, each with a snippet.',
    }),
  ),
});

export type Talk = Static<typeof TalkSchema>;
export type Speaker = Static<typeof SpeakerSchema>;
export type Track = Static<typeof TrackSchema>;
export type EventSummary = Static<typeof EventSummarySchema>;
