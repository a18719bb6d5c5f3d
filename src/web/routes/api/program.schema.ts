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

/** An instant as ISO 8601 with the offset the event's zone has then: 2016-08-20T09:00:00-07:00. */
export const ZonedTimeSchema = Type.String({
  format: 'date-time',
  description: "ISO 8601, in the event's time zone: local time with its UTC offset",
  examples: ['2016-08-20T09:00:00-07:00'],
});

const IsoDateSchema = Type.String({ format: 'date', description: 'YYYY-MM-DD', examples: ['2016-08-20'] });

export const VenueSchema = Type.Object(
  {
    name: Type.String({ description: "The venue's name; empty when not given" }),
    address: Type.String({ description: 'Its address, possibly over several lines; empty when not given' }),
    mapUrl: Type.Union([Type.String({ format: 'uri' }), Type.Null()], { description: 'A link to a map' }),
  },
  { additionalProperties: false },
);

export const CfpSchema = Type.Object(
  {
    open: Type.Boolean({ description: 'Whether proposals may be submitted now' }),
    closesAt: ZonedTimeSchema,
    url: Type.String({ description: 'The path of the page to submit a proposal from' }),
  },
  { additionalProperties: false },
);

export const EventSummarySchema = Type.Object(
  {
    slug: Type.String({ description: "The event's slug, used in every URL of the event" }),
    name: Type.String(),
    talkCount: Type.Integer({ minimum: 0 }),
    startDate: Type.Union([IsoDateSchema, Type.Null()], {
      description: "The first day, in the event's zone: as set by its organisers, else its schedule's first day",
    }),
    endDate: Type.Union([IsoDateSchema, Type.Null()], { description: 'The last day' }),
    timezone: Type.String({ description: 'An IANA time zone name', examples: ['America/Los_Angeles'] }),
    venue: Type.Union([VenueSchema, Type.Null()], { description: 'Where it happens; null when not given' }),
    description: Type.String({ description: 'A short description, Markdown' }),
    logoUrl: Type.Union([Type.String(), Type.Null()], { description: "The address of the event's logo" }),
    cfp: Type.Union([CfpSchema, Type.Null()], {
      description: 'The call for proposals, when the event has one: whether it is open now and when it closes',
    }),
  },
  { additionalProperties: false },
);

export const EventSchema = Type.Object(
  {
    ...EventSummarySchema.properties,
    brandColor: Type.Union([Type.String({ pattern: '^#[0-9a-f]{6}$' }), Type.Null()], {
      description: "The colour of the event's header behind white text, #rrggbb; null: Lectern's own",
    }),
  },
  {
    $id: 'Event',
    title: 'Event',
    description: 'One event: its dates, venue, description and call for proposals',
    additionalProperties: false,
  },
);

/** A list's page size when none is asked for, and the most one page holds. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** `limit` and `next`: every list that can grow without bound is read a page at a time. */
export const PageQueryProperties = {
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      description: `How many items one page holds (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE})`,
    }),
  ),
  next: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 400,
      description: 'The `next` of the previous page, unchanged: the page after it',
    }),
  ),
};

const PageProperties = {
  total: Type.Integer({ minimum: 0, description: 'Items in the whole list, all pages together' }),
  next: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass it as `next` to read the following page; null on the last page',
  }),
};

export const EventListQuerySchema = Type.Object(PageQueryProperties);

export const EventListSchema = Type.Object(
  { events: Type.Array(EventSummarySchema), ...PageProperties },
  {
    $id: 'EventList',
    title: 'EventList',
    description: 'A page of the events, by name',
    additionalProperties: false,
  },
);

export const LevelSlugSchema = Type.String({
  description: "The talk's audience level: beginner, intermediate or advanced",
  examples: ['beginner', 'intermediate', 'advanced'],
});

export const SessionTypeRefSchema = Type.Object(
  {
    slug: Type.String({ description: 'Stable: the program filters by it (?type=)' }),
    name: Type.String(),
    durationMinutes: Type.Integer({ minimum: 1, description: 'The length of its talks unless a talk has its own' }),
  },
  {
    description: 'A session type of the event (pretalx: submission type), e.g. Talk or Workshop',
    additionalProperties: false,
  },
);

export const TalkSchema = Type.Object(
  {
    slug: Type.String(),
    guid: Type.String({
      format: 'uuid',
      description: "The talk's stable GUID, as frab and c3voc exports carry it",
    }),
    url: Type.String({ description: "The path of the talk's public page" }),
    title: Type.String(),
    track: Type.Union([NamedRefSchema, Type.Null()]),
    level: Type.Union([LevelSlugSchema, Type.Null()]),
    sessionType: Type.Union([SessionTypeRefSchema, Type.Null()], {
      description: "The talk's session type; null when it has none",
    }),
    description: Type.String({ description: 'Markdown' }),
    abstract: Type.String({ description: 'Markdown' }),
    speakers: Type.Array(NamedRefSchema),
    needsAttention: Type.Boolean({
      description: 'True when the talk was imported with something missing, e.g. its title',
    }),
    start: Type.Union([ZonedTimeSchema, Type.Null()], {
      description:
        "When the latest schedule release starts the talk, with the event's offset; null while it is not scheduled",
    }),
    end: Type.Union([ZonedTimeSchema, Type.Null()], {
      description: 'When it ends; null while the talk is not scheduled',
    }),
    room: Type.Union([NamedRefSchema, Type.Null()], {
      description: 'The room it is in (slug and name); null while the talk is not scheduled',
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
  { talks: Type.Array(TalkSchema), ...PageProperties },
  {
    $id: 'TalkList',
    title: 'TalkList',
    description: 'A page of the talks: in program order, or best match first when searching',
    additionalProperties: false,
  },
);

export const SpeakerSchema = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    biography: Type.String({ description: 'Markdown' }),
    photoUrl: Type.Union([Type.String({ format: 'uri' }), Type.Null()], {
      description: "An https:// address of the speaker's photo; null when none",
    }),
    links: Type.Array(
      Type.Object(
        { title: Type.String(), url: Type.String({ format: 'uri', description: 'An https:// address' }) },
        { additionalProperties: false },
      ),
      { description: 'Links the speaker gives (a website, Mastodon, GitHub), in their order' },
    ),
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
    description: Type.String({ description: 'Markdown; empty when the track has none' }),
    color: Type.Union([Type.String(), Type.Null()], {
      description:
        'The track colour (#rrggbb as organisers choose it; as given by an imported file), or null when none',
    }),
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

export const RoomSchema = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    capacity: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Seats, when known' }),
  },
  { additionalProperties: false },
);

export const ScheduleDaySchema = Type.Object(
  {
    date: Type.String({ format: 'date', description: "The day's date in the event's zone, YYYY-MM-DD" }),
    start: ZonedTimeSchema,
    end: ZonedTimeSchema,
  },
  { additionalProperties: false },
);

export const SlotKindSchema = Type.Union([Type.Literal('talk'), Type.Literal('break'), Type.Literal('block')], {
  description: 'A talk of the program, a break (lunch) or another block (a keynote, an opening)',
});

export const SlotSchema = Type.Object(
  {
    kind: SlotKindSchema,
    talk: Type.Union([Type.String(), Type.Null()], { description: "The talk's slug; null for a break or block" }),
    title: Type.String({ description: "The talk's title, or the break's or block's" }),
    room: Type.Union([Type.String(), Type.Null()], {
      description: "The room's slug; null for a break or block across every room",
    }),
    start: ZonedTimeSchema,
    end: ZonedTimeSchema,
  },
  { additionalProperties: false },
);

export const ScheduleSchema = Type.Object(
  {
    version: Type.String({ description: "The release's version name" }),
    releasedAt: ZonedTimeSchema,
    comment: Type.String({ description: "The organisers' public comment on the release; may be empty" }),
    timezone: Type.String({ description: "The event's IANA time zone", examples: ['America/Los_Angeles'] }),
    rooms: Type.Array(RoomSchema, { description: "Every room, in the event's order" }),
    days: Type.Array(ScheduleDaySchema, { description: 'The days, in order' }),
    slots: Type.Array(SlotSchema, { description: 'Every slot, by start, then room order' }),
  },
  {
    $id: 'Schedule',
    title: 'Schedule',
    description: "The event's latest schedule release: its rooms, days and slots",
    additionalProperties: false,
  },
);

export const ChangePlaceSchema = Type.Object(
  {
    room: Type.String({ description: 'The room\'s name when released; "All rooms" for a break or block across them' }),
    start: ZonedTimeSchema,
    end: ZonedTimeSchema,
  },
  { additionalProperties: false },
);

export const ScheduleChangeSchema = Type.Object(
  {
    kind: Type.Union(
      [Type.Literal('added'), Type.Literal('moved'), Type.Literal('removed'), Type.Literal('cancelled')],
      {
        description:
          'added: newly scheduled; moved: another room or time; removed: off the schedule, still on the program; cancelled: off the program',
      },
    ),
    talk: Type.Union([Type.String(), Type.Null()], { description: "The talk's slug; null for a break or block" }),
    title: Type.String({ description: 'The title as released' }),
    before: Type.Union([ChangePlaceSchema, Type.Null()], { description: 'Where and when before; null when added' }),
    after: Type.Union([ChangePlaceSchema, Type.Null()], {
      description: 'Where and when now; null when removed or cancelled',
    }),
  },
  { additionalProperties: false },
);

export const ReleaseSchema = Type.Object(
  {
    version: Type.String(),
    releasedAt: ZonedTimeSchema,
    comment: Type.String(),
    changes: Type.Array(ScheduleChangeSchema, {
      description: 'What changed since the release before; in the first release, every slot is "added"',
    }),
  },
  { additionalProperties: false },
);

export const ReleaseListSchema = Type.Object(
  { releases: Type.Array(ReleaseSchema) },
  {
    $id: 'ReleaseList',
    title: 'ReleaseList',
    description: 'Every release of the schedule, newest first, each with its changelog; empty before the first',
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
  type: Type.Optional(
    Type.String({ minLength: 1, maxLength: 120, description: 'Only talks of this session type (its slug)' }),
  ),
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'Full-text search over titles, descriptions, abstracts, speaker names and bios. Web-search syntax: "quoted phrase", -excluded, or. A query without those forgives typos and partial words (flsk finds Flask); talks matching as written come first. Results come best first, each with a snippet.',
    }),
  ),
  ...PageQueryProperties,
});

export type Talk = Static<typeof TalkSchema>;
export type Schedule = Static<typeof ScheduleSchema>;
export type Release = Static<typeof ReleaseSchema>;
export type ChangePlace = Static<typeof ChangePlaceSchema>;
export type Speaker = Static<typeof SpeakerSchema>;
export type Track = Static<typeof TrackSchema>;
export type EventSummary = Static<typeof EventSummarySchema>;
export type Event = Static<typeof EventSchema>;
