import { Type, type Static, type TSchema } from '@fastify/type-provider-typebox';
import { REVIEWS_WANTED } from '../../../modules/review/index.js';

/** The organiser API's shapes: one schema each, and the types derived from them. */

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ProposalStateSchema = Type.Union(
  [
    Type.Literal('submitted'),
    Type.Literal('waitlisted'),
    Type.Literal('accepted'),
    Type.Literal('rejected'),
    Type.Literal('confirmed'),
    Type.Literal('withdrawn'),
  ],
  { description: "Where the proposal stands. Drafts are their speakers' own and never listed." },
);

export const AnyStateSchema = Type.Union([ProposalStateSchema, Type.Literal('draft')]);

export const DecisionNameSchema = Type.Union(
  [Type.Literal('accept'), Type.Literal('reject'), Type.Literal('waitlist')],
  {
    description: 'accept → accepted, reject → rejected, waitlist → waitlisted',
  },
);

export const OrgaEventParamsSchema = Type.Object({
  event: Type.String({ minLength: 1, maxLength: 120, description: "The event's slug" }),
});

export const OrgaProposalParamsSchema = Type.Object({
  event: Type.String({ minLength: 1, maxLength: 120, description: "The event's slug" }),
  code: Type.String({ minLength: 1, maxLength: 40, description: "The proposal's code, e.g. 3F9A1C2B" }),
});

export const ProposalQuerySchema = Type.Object({
  state: Type.Optional(ProposalStateSchema),
  track: Type.Optional(Type.String({ maxLength: 200, description: 'A track slug' })),
  level: Type.Optional(Type.String({ maxLength: 200, description: 'A level slug' })),
  minMean: Type.Optional(Type.Number({ description: 'Only proposals whose mean score is at least this' })),
  lacking: Type.Optional(
    Type.Boolean({ description: `Only submitted proposals with fewer than ${REVIEWS_WANTED} reviews` }),
  ),
  sort: Type.Optional(Type.Union([Type.Literal('mean'), Type.Literal('title'), Type.Literal('submitted')])),
  direction: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});

const NamedRef = Type.Object({ slug: Type.String(), name: Type.String() });

export const AggregatesSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 0 }),
    mean: Nullable(Type.Number()),
    median: Nullable(Type.Number()),
    stddev: Nullable(Type.Number({ description: 'Population standard deviation of the scores' })),
    min: Nullable(Type.Integer()),
    max: Nullable(Type.Integer()),
  },
  { description: 'What the reviews add up to; all but count are null without reviews' },
);

export const ProposalSpeakerSchema = Type.Object({
  name: Type.String(),
  email: Nullable(Type.String({ description: 'Null for a speaker without an account (imported)' })),
  biography: Type.String({ description: 'Markdown' }),
});

const proposalFields = {
  code: Type.String(),
  title: Type.String(),
  state: ProposalStateSchema,
  track: Type.Union([NamedRef, Type.Null()]),
  level: Type.Union([NamedRef, Type.Null()]),
  durationMinutes: Nullable(Type.Integer({ description: "Minutes; null means the event's default" })),
  submittedAt: Type.Union([DateTime, Type.Null()]),
  stateChangedAt: Type.Union([DateTime, Type.Null()]),
  aggregates: Type.Union([AggregatesSchema, Type.Null()], {
    description: 'Null when the caller is one of its speakers',
  }),
  speakers: Type.Union([Type.Array(ProposalSpeakerSchema), Type.Null()], {
    description: 'Null under anonymised review',
  }),
  namedFields: Type.Array(Type.Union([Type.Literal('title'), Type.Literal('description'), Type.Literal('abstract')]), {
    description: "Under anonymised review, the fields that mention a speaker's name",
  }),
};

export const ProposalSummarySchema = Type.Object(proposalFields);

export const ProposalListSchema = Type.Object({
  proposals: Type.Array(ProposalSummarySchema),
  counts: Type.Array(Type.Object({ state: ProposalStateSchema, count: Type.Integer({ minimum: 0 }) }), {
    description: 'Proposals per state, whatever the filter',
  }),
});

export const ReviewSchema = Type.Object({
  reviewer: Type.Object({ id: Type.Integer(), name: Type.String() }),
  score: Type.Integer(),
  comment: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const ProposalDetailSchema = Type.Object({
  ...proposalFields,
  description: Type.String({ description: 'Markdown' }),
  abstract: Type.String({ description: 'Markdown' }),
  notes: Type.String({ description: 'Notes to the organisers, Markdown' }),
  answers: Type.Array(
    Type.Object({
      question: Type.String(),
      kind: Type.Union([Type.Literal('text'), Type.Literal('choice'), Type.Literal('boolean')]),
      public: Type.Boolean(),
      value: Type.String(),
    }),
  ),
  reviews: Type.Union([
    Type.Array(
      Type.Object({
        ...ReviewSchema.properties,
        categoryScores: Type.Array(
          Type.Object({
            category: Type.String(),
            value: Type.Integer(),
            label: Type.String({ description: 'The value with its label, e.g. "3 (Core)"' }),
          }),
          {
            description:
              'With score categories, the value given in each (the score is their weighted sum); empty without',
          },
        ),
      }),
    ),
    Type.Null(),
  ]),
});

export const ReviewListSchema = Type.Object({
  reviews: Type.Array(
    Type.Object({ proposal: Type.String({ description: "The proposal's code" }), ...ReviewSchema.properties }),
  ),
});

export const DecisionBodySchema = Type.Object({ decision: DecisionNameSchema }, { additionalProperties: false });

export const BulkDecisionBodySchema = Type.Object(
  {
    proposals: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
      minItems: 1,
      maxItems: 500,
      description: 'Proposal codes',
    }),
    decision: DecisionNameSchema,
  },
  { additionalProperties: false },
);

export const DecisionOutcomeSchema = Type.Object({
  code: Type.String(),
  title: Type.String(),
  from: AnyStateSchema,
  to: ProposalStateSchema,
  changed: Type.Boolean({ description: 'False when it already was in that state: nothing changed, nobody was mailed' }),
  mailed: Type.Array(Type.Object({ name: Type.String(), email: Type.String() }), {
    description:
      'Speakers whose decision mail is now a draft in the outbox; it is sent when an organiser sends the drafts',
  }),
  notMailed: Type.Array(Type.Object({ name: Type.String() }), { description: 'Speakers without an account' }),
});

export const BulkDecisionResultSchema = Type.Object({ decisions: Type.Array(DecisionOutcomeSchema) });

// --- mail drafts

export const DraftListQuerySchema = Type.Object(
  {
    page: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: 'Pages of 50 drafts, newest first' }),
    ),
  },
  { additionalProperties: false },
);

export const DraftListSchema = Type.Object({
  count: Type.Integer({ description: 'How many drafts the outbox holds in all; send them with this count' }),
  page: Type.Integer(),
  hasMore: Type.Boolean(),
  drafts: Type.Array(
    Type.Object({
      id: Type.Integer(),
      to: Type.String({ description: "The recipient's address" }),
      subject: Type.String(),
      createdAt: DateTime,
    }),
  ),
});

export const SendDraftsBodySchema = Type.Object(
  {
    count: Type.Integer({
      minimum: 1,
      maximum: 1_000_000,
      description:
        'How many drafts you looked at: when the outbox holds another number of drafts, nothing is sent (409), so that no draft written since is sent unread',
    }),
  },
  { additionalProperties: false },
);

export const SendDraftsResultSchema = Type.Object({
  sent: Type.Integer({ description: 'How many drafts are now queued to be sent' }),
});

export type ProposalSummaryBody = Static<typeof ProposalSummarySchema>;
export type ProposalDetailBody = Static<typeof ProposalDetailSchema>;
export type DecisionOutcomeBody = Static<typeof DecisionOutcomeSchema>;

// --- slot templates

const WallTime = Type.String({ pattern: '^\\d{1,2}:\\d{2}$', maxLength: 5, description: 'HH:MM, local to the event' });

export const OrgaDayParamsSchema = Type.Object({
  event: Type.String({ minLength: 1, maxLength: 120, description: "The event's slug" }),
  date: Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    description: "The day's date, YYYY-MM-DD, in the event's zone",
  }),
});

export const DayTimeSlotsBodySchema = Type.Object(
  {
    slots: Type.Array(Type.Object({ start: WallTime, end: WallTime }, { additionalProperties: false }), {
      maxItems: 288,
      description:
        'The time slots, as local wall times; an end at or before the start is the next day, and a time before the day starts is after midnight.',
    }),
    breaks: Type.Optional(
      Type.Array(
        Type.Object(
          {
            start: WallTime,
            end: WallTime,
            title: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\r\\n]*\\S[^\\r\\n]*$' }),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: 100,
          description:
            "The day's named breaks (breaks across every room, such as lunch). Absent: the day's named breaks stay as they are.",
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const TimeSlotSchema = Type.Object({
  id: Type.Integer(),
  start: Type.String({ description: 'HH:MM local; in the hour clocks go back, with its zone abbreviation' }),
  end: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  durationMinutes: Type.Integer(),
  closedRooms: Type.Array(Type.String(), { description: 'Slugs of the rooms that cannot be used in it' }),
});

const NamedBreakSchema = Type.Object({
  title: Type.String(),
  start: Type.String(),
  end: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
});

export const SlotTemplateDaySchema = Type.Object({
  date: Type.String({ description: 'YYYY-MM-DD' }),
  start: Type.String({ description: "The day's window, HH:MM local" }),
  end: Type.String(),
  timeSlots: Type.Array(TimeSlotSchema),
  breaks: Type.Array(NamedBreakSchema),
  template: Type.String({ description: 'The slot template as the back office shows it, a line each' }),
});

export const SlotTemplateListSchema = Type.Object({ days: Type.Array(SlotTemplateDaySchema) });

export type SlotTemplateDayBody = Static<typeof SlotTemplateDaySchema>;

const WebhookEventSchema = Type.Union(
  [
    Type.Literal('release.published'),
    Type.Literal('proposal.submitted'),
    Type.Literal('proposal.state_changed'),
    Type.Literal('talk.updated'),
  ],
  { description: 'A change webhooks announce (WEBHOOK_EVENTS)' },
);

export const WebhookEndpointSchema = Type.Object(
  {
    id: Type.Integer(),
    url: Type.String({ description: 'Where deliveries are POSTed' }),
    events: Type.Array(WebhookEventSchema),
    status: Type.Union([Type.Literal('active'), Type.Literal('paused')]),
    pausedReason: Type.Union([Type.String(), Type.Null()], { description: 'Why it is paused, by whom' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type WebhookEndpointBody = Static<typeof WebhookEndpointSchema>;

export const WebhookListSchema = Type.Object(
  { endpoints: Type.Array(WebhookEndpointSchema) },
  { additionalProperties: false },
);

export const WebhookCreateBodySchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'An https:// address on the public Internet' }),
    events: Type.Array(WebhookEventSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const WebhookCreatedSchema = Type.Object(
  {
    ...WebhookEndpointSchema.properties,
    secret: Type.String({ description: 'The HMAC-SHA256 key of its signatures (README, "Webhooks")' }),
  },
  { additionalProperties: false },
);
