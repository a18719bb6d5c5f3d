import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** PostgreSQL's full-text document type; written only by SQL (see talk-search.queries.ts). */
export const TALK_STATES = [
  'draft',
  'submitted',
  'accepted',
  'rejected',
  'waitlisted',
  'confirmed',
  'withdrawn',
] as const;
export type TalkState = (typeof TALK_STATES)[number];

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
/** Binary data: PGlite reads it as a Uint8Array, node-postgres as a Buffer; both come back a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** How the proposal form shows each built-in field beyond title and description. */
export type FieldSetting = 'required' | 'optional' | 'hidden';
export interface CfpFieldSettings {
  abstract: FieldSetting;
  track: FieldSetting;
  level: FieldSetting;
  duration: FieldSetting;
  notes: FieldSetting;
}
export const DEFAULT_CFP_FIELDS: CfpFieldSettings = {
  abstract: 'optional',
  track: 'optional',
  level: 'optional',
  duration: 'optional',
  notes: 'optional',
};

/** One link of a speaker profile: a title and an https:// address. */
export interface SpeakerLink {
  title: string;
  url: string;
}

/** A link about a talk: c3voc's Reference (its `type` is one of their list, when given). */
export interface TalkLink {
  url: string;
  title: string;
  type?: string;
}

export interface TalkAttachment {
  url: string;
  title: string;
}

export const events = pgTable('events', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** An IANA time zone name; all times are stored in UTC and shown in this zone. */
  timezone: text('timezone').notNull().default('UTC'),
  startsOn: date('starts_on', { mode: 'string' }),
  endsOn: date('ends_on', { mode: 'string' }),
  /** Whether the public pages and API show the event. */
  published: boolean('published').notNull().default(true),
  cfpOpensAt: timestamp('cfp_opens_at', { withTimezone: true }),
  cfpClosesAt: timestamp('cfp_closes_at', { withTimezone: true }),
  cfpFields: jsonb('cfp_fields').$type<CfpFieldSettings>().notNull().default(DEFAULT_CFP_FIELDS),
  /** Talk lengths a speaker may choose, in minutes; the first is the default. */
  durations: integer('durations')
    .array()
    .notNull()
    .default(sql`'{30,45}'::integer[]`),
  reviewScoreMin: integer('review_score_min').notNull().default(0),
  reviewScoreMax: integer('review_score_max').notNull().default(3),
  /** Reviewers never see who proposed a talk. */
  anonymisedReview: boolean('anonymised_review').notNull().default(false),
  /** Reviewing is open: reviews may be written, changed and deleted (while a proposal awaits a decision). */
  reviewOpen: boolean('review_open').notNull().default(true),
  /** Reviewers see other reviewers' scores and comments of a proposal only once they reviewed it. */
  reviewsHiddenUntilReviewed: boolean('reviews_hidden_until_reviewed').notNull().default(true),
  /** The language talks are given in, unless a talk says otherwise (ISO 639-1, for exports). */
  language: text('language').notNull().default('en'),
  /**
   * The conference acronym frab and c3voc exports carry (`38c3`), as an imported file gave it;
   * null: derived from the slug.
   */
  acronym: text('acronym'),
  /** Where the event happens; empty strings and null when not said. */
  venueName: text('venue_name').notNull().default(''),
  venueAddress: text('venue_address').notNull().default(''),
  /** An http(s) link to a map of the venue. */
  venueMapUrl: text('venue_map_url'),
  /** A short description of the event (Markdown), shown on its page and the home page. */
  description: text('description').notNull().default(''),
  /** An http(s) address (or a path of this site) of the event's logo. */
  logoUrl: text('logo_url'),
  /** `#rrggbb`, behind white text in the event's header: its contrast with white is at least 4.5:1. */
  brandColor: text('brand_color'),
  /** Markdown shown at the top of the event's CFP page; empty for none. */
  cfpIntro: text('cfp_intro').notNull().default(''),
  /**
   * The interest ballot (attendees mark the talks they want to see, for the scheduler): taken
   * while open is true and, when a closing time is set, until then. Closed by default.
   */
  interestBallotOpen: boolean('interest_ballot_open').notNull().default(false),
  interestBallotClosesAt: timestamp('interest_ballot_closes_at', { withTimezone: true }),
  /** How many attendees the organisers expect; a talk's expected audience is its ballot share of it. */
  expectedAttendance: integer('expected_attendance'),
  /**
   * Moves, in the same transaction, with every change of the event's published program
   * (notifyProgramChanged): notifications carry it, and an app instance that missed some
   * reloads only the events whose version moved.
   */
  programVersion: integer('program_version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  /** Stored lower-cased: one address, one account. */
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  /** argon2id; null until the person sets a password (an invited organiser, say). */
  passwordHash: text('password_hash'),
  /**
   * When the owner of the address proved it (a verification link, or a password set from a
   * one-time link). Until then the account grants nothing: no login, no role, no invitation.
   */
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie's token: a database leak does not give away live sessions. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user').on(t.userId), index('sessions_expires').on(t.expiresAt)],
);

export type UserTokenPurpose = 'set-password' | 'reset-password' | 'verify-email';

/** One-time links sent by mail or printed by the CLI. */
export const userTokens = pgTable(
  'user_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<UserTokenPurpose>().notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('user_tokens_user').on(t.userId)],
);

export type TeamRole = 'organiser' | 'reviewer';

/** An event's team: organisers and reviewers. Speakers are not members; they have speaker profiles. */
export const eventMembers = pgTable(
  'event_members',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<TeamRole>().notNull(),
    /** For a reviewer: the tracks they review; empty means all tracks. */
    trackIds: integer('track_ids')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('event_members_event_user_role').on(t.eventId, t.userId, t.role),
    index('event_members_user').on(t.userId),
    check('event_members_role', sql`${t.role} in ('organiser', 'reviewer')`),
  ],
);

export const tracks = pgTable(
  'tracks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    /**
     * The track's colour (`#f9b000`), as an imported file gave it or an organiser chose it (then
     * checked to read behind white text); null when none.
     */
    color: text('color'),
    /** Markdown, shown where the public program lists its tracks; empty for none. */
    description: text('description').notNull().default(''),
    /** Offered on the proposal form; a hidden track is for talks organisers (or an access code) put in it. */
    isPublic: boolean('is_public').notNull().default(true),
  },
  (t) => [uniqueIndex('tracks_event_slug').on(t.eventId, t.slug)],
);

export const levels = pgTable(
  'levels',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('levels_event_slug').on(t.eventId, t.slug)],
);

/**
 * A kind of session an event takes proposals for (pretalx's "submission type"): Talk 30 min,
 * Workshop 90 min, Lightning talk 5 min. Its duration is the default length of its talks (a
 * talk's own durationMinutes wins); its deadline, when set, closes the CFP for it earlier; its
 * speaker limit caps a proposal's speakers. An event without any behaves as before they existed.
 */
export const sessionTypes = pgTable(
  'session_types',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** No new proposals of this type after this instant; null: the CFP's own closing time. */
    deadline: timestamp('deadline', { withTimezone: true }),
    /** At most this many speakers on a proposal of this type, its submitter included; null: no limit. */
    maxSpeakers: integer('max_speakers'),
    /** Offered on the proposal form; a hidden type is kept for talks the organisers place in it. */
    isPublic: boolean('is_public').notNull().default(true),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('session_types_event_slug').on(t.eventId, t.slug),
    check('session_types_duration', sql`${t.durationMinutes} between 1 and 1440`),
    check('session_types_max_speakers', sql`${t.maxSpeakers} is null or ${t.maxSpeakers} >= 1`),
  ],
);

/**
 * An access code (pretalx's): a secret a speaker brings to the CFP (`/{event}/cfp?access_code=`)
 * that lets them submit after the CFP's deadline and a session type's own, and offers a hidden
 * session type and a hidden track on the proposal form. Valid until a time and for a number of
 * proposals, when set; `uses` counts the proposals made with it.
 */
export const accessCodes = pgTable(
  'access_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** As organisers typed it or Lectern drew it; unique per event, case aside. */
    code: text('code').notNull(),
    /** No use after this instant; null: no limit. */
    validUntil: timestamp('valid_until', { withTimezone: true }),
    /** At most this many proposals; null: no limit. */
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    sessionTypeId: integer('session_type_id').references(() => sessionTypes.id, { onDelete: 'set null' }),
    trackId: integer('track_id').references(() => tracks.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('access_codes_event_code').on(t.eventId, sql`lower(${t.code})`),
    check('access_codes_max_uses', sql`${t.maxUses} is null or ${t.maxUses} >= 1`),
    check('access_codes_uses', sql`${t.uses} >= 0`),
  ],
);

export const speakers = pgTable(
  'speakers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /**
     * The name with its spacing folded (never its case: "Anna" and "anna" are two people). Imports
     * of files without ids (a talks page) find a person by it; files with ids by guid or code.
     */
    nameKey: text('name_key').notNull(),
    /** The person's GUID as an imported file gave it (frab/c3voc `guid`); null for speakers created in Lectern. */
    guid: uuid('guid'),
    /** The person's pretalx code as an imported file gave it; null when none. */
    code: text('code'),
    /** Markdown. */
    biography: text('biography').notNull().default(''),
    /**
     * An absolute https:// address of the speaker's photo (the program module's parseSpeakerPhotoUrl
     * checks every one written); null when none, and pages show the speaker's initials.
     */
    photoUrl: text('photo_url'),
    /** Links the speaker gives (a website, Mastodon, GitHub): https:// only, at most five (cfp's parseSpeakerLinks). */
    links: jsonb('links').$type<SpeakerLink[]>().notNull().default([]),
    /** The account behind the profile; null for speakers who came in through an import. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('speakers_event_slug').on(t.eventId, t.slug),
    // Not unique: two people may share a name; imports tell them apart by guid or code.
    index('speakers_event_name_key').on(t.eventId, t.nameKey),
    uniqueIndex('speakers_event_guid').on(t.eventId, t.guid),
    index('speakers_event_code').on(t.eventId, t.code),
    uniqueIndex('speakers_event_user').on(t.eventId, t.userId),
  ],
);

/**
 * A photo a speaker uploaded, resized and re-encoded without its metadata, kept in the database
 * (app instances keep no files) and served at /media/speaker-photos/{id}-{hash}.webp; a speaker
 * profile's photo_url names that address. It belongs to the account: one photo may serve the
 * person's profiles at several events, and it is deleted once no profile names it.
 */
export const speakerPhotos = pgTable(
  'speaker_photos',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The first 16 hex digits of the image's SHA-256: in its address (so caches may keep it forever) and its ETag. */
    hash: text('hash').notNull(),
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('speaker_photos_user').on(t.userId)],
);

export const talks = pgTable(
  'talks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** Stable identity for exports (frab/c3voc guid); never reused. */
    guid: uuid('guid')
      .notNull()
      .unique()
      .default(sql`gen_random_uuid()`),
    slug: text('slug').notNull(),
    /** A short random code naming the proposal in back-office and speaker URLs. */
    code: text('code')
      .notNull()
      .default(sql`upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 8))`),
    /**
     * draft → submitted → accepted / rejected / waitlisted → confirmed (on the program),
     * or withdrawn by its speakers. Imported talks start confirmed.
     */
    state: text('state').$type<TalkState>().notNull().default('confirmed'),
    title: text('title').notNull(),
    trackId: integer('track_id').references(() => tracks.id, { onDelete: 'set null' }),
    levelId: integer('level_id').references(() => levels.id, { onDelete: 'set null' }),
    /** The event's session type the talk is of; null when none (or the event has none). */
    sessionTypeId: integer('session_type_id').references(() => sessionTypes.id, { onDelete: 'set null' }),
    /** The access code the proposal was made (or later submitted) with; counted once in its uses. */
    accessCodeId: integer('access_code_id').references(() => accessCodes.id, { onDelete: 'set null' }),
    /** Markdown. */
    description: text('description').notNull().default(''),
    /** Markdown. */
    abstract: text('abstract').notNull().default(''),
    /** Minutes; null means the event's default (the first of its durations). */
    durationMinutes: integer('duration_minutes'),
    /** How many people the organisers expect; a smaller room draws a warning in the schedule editor. */
    expectedAudience: integer('expected_audience'),
    /**
     * The language as given: ISO 639-1 (`en`), or as an imported file says it (`de, en`). Null:
     * the event's language for a talk made in Lectern, unknown for an imported one.
     */
    language: text('language'),
    /**
     * The session type as given in words (`Workshop`, `DJ Set`), as an imported file or the talk
     * editor said it; null when unknown. Exports prefer the linked session type's name.
     */
    sessionType: text('session_type'),
    /** The numeric id an imported file gave the talk; exports use it as the talk's id while it is unique. */
    externalId: integer('external_id'),
    /** Links about the talk (slides, video, …), as an imported file gave them. */
    links: jsonb('links').$type<TalkLink[]>().notNull().default([]),
    /** Files attached to the talk, by URL, as an imported file gave them. */
    attachments: jsonb('attachments').$type<TalkAttachment[]>().notNull().default([]),
    /** Where the audience gives feedback on the talk (http/https); null when none. */
    feedbackUrl: text('feedback_url'),
    /** The licence recordings of the talk are published under; null when unknown. */
    recordingLicence: text('recording_licence'),
    /** True: the talk must not be streamed; false: it may be; null when unknown. */
    doNotStream: boolean('do_not_stream'),
    /**
     * The speakers' recording choice: true, they opted out of being recorded; false, they agreed;
     * null, nobody asked (or the imported file did not say). Recording pipelines read it from the
     * exports (frab <optout>, c3voc do_not_record), so an unknown must never be exported as consent.
     */
    doNotRecord: boolean('do_not_record'),
    /** Markdown, for organisers only. */
    notes: text('notes').notNull().default(''),
    /** Program order. */
    position: integer('position').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    stateChangedAt: timestamp('state_changed_at', { withTimezone: true }),
    /** Why an organiser should look at this talk (e.g. "missing title"); empty when all is well. */
    attention: text('attention')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Where the talk came from, e.g. "talks-page", with the key that finds it again on re-import. */
    source: text('source'),
    sourceKey: text('source_key'),
    search: tsvector('search'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('talks_event_slug').on(t.eventId, t.slug),
    uniqueIndex('talks_event_source_key').on(t.eventId, t.source, t.sourceKey),
    index('talks_event_position').on(t.eventId, t.position),
    index('talks_search').using('gin', t.search),
    uniqueIndex('talks_event_code').on(t.eventId, t.code),
    index('talks_event_state').on(t.eventId, t.state),
    index('talks_session_type').on(t.sessionTypeId),
    check(
      'talks_state',
      sql`${t.state} in ('draft', 'submitted', 'accepted', 'rejected', 'waitlisted', 'confirmed', 'withdrawn')`,
    ),
  ],
);

/**
 * The words of an event's talks (titles, texts, speaker names), lower case, for search that
 * forgives: a searched word finds the words spelt nearly like it by their trigrams (pg_trgm),
 * then searches for those. Rewritten with the talks' search documents (talk-search.queries.ts).
 */
export const searchWords = pgTable(
  'search_words',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    word: text('word').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.word] }),
    index('search_words_trigrams').using('gin', t.word.op('gin_trgm_ops')),
  ],
);

export const talkSpeakers = pgTable(
  'talk_speakers',
  {
    talkId: integer('talk_id')
      .notNull()
      .references(() => talks.id, { onDelete: 'cascade' }),
    speakerId: integer('speaker_id')
      .notNull()
      .references(() => speakers.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.talkId, t.speakerId] }), index('talk_speakers_speaker').on(t.speakerId)],
);

export type QuestionKind = 'text' | 'choice' | 'boolean';

/** A question of an event's proposal form, beyond the built-in fields. */
export const questions = pgTable(
  'questions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    helpText: text('help_text').notNull().default(''),
    kind: text('kind').$type<QuestionKind>().notNull(),
    choices: text('choices')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    required: boolean('required').notNull().default(false),
    /** Public answers are shown on the talk's page once it is on the program. */
    isPublic: boolean('is_public').notNull().default(false),
    /** Asked only of proposals of this session type; null: of every proposal. */
    sessionTypeId: integer('session_type_id').references(() => sessionTypes.id, { onDelete: 'cascade' }),
    /** Reviewers see the answers; false hides them under anonymised review (they may name the speaker). */
    visibleToReviewers: boolean('visible_to_reviewers').notNull().default(true),
    position: integer('position').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('questions_event').on(t.eventId),
    check('questions_kind', sql`${t.kind} in ('text', 'choice', 'boolean')`),
  ],
);

export const answers = pgTable(
  'answers',
  {
    talkId: integer('talk_id')
      .notNull()
      .references(() => talks.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.talkId, t.questionId] })],
);

export const reviews = pgTable(
  'reviews',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    talkId: integer('talk_id')
      .notNull()
      .references(() => talks.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    score: integer('score').notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('reviews_talk_user').on(t.talkId, t.userId), index('reviews_user').on(t.userId)],
);

/**
 * A score category of an event's review ("Relevance", "Clarity"): a scale of whole numbers
 * from its lowest to its highest value, a label per value, and a weight. A review's score is
 * then the weighted sum of its category scores.
 */
export const reviewCategories = pgTable(
  'review_categories',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    weight: integer('weight').notNull().default(1),
    minValue: integer('min_value').notNull().default(0),
    maxValue: integer('max_value').notNull(),
    /** One label per value, lowest first (empty when a value has none). */
    labels: text('labels')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [
    index('review_categories_event').on(t.eventId),
    check('review_categories_weight', sql`${t.weight} >= 1`),
    check('review_categories_scale', sql`${t.maxValue} > ${t.minValue}`),
  ],
);

/** One review's value in one score category. */
export const reviewScores = pgTable(
  'review_scores',
  {
    reviewId: integer('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id')
      .notNull()
      .references(() => reviewCategories.id, { onDelete: 'cascade' }),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.categoryId] }), index('review_scores_category').on(t.categoryId)],
);

/** A speaker's invitation to a co-speaker, by mail; accepted by following its link. */
export const speakerInvitations = pgTable(
  'speaker_invitations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    talkId: integer('talk_id')
      .notNull()
      .references(() => talks.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: integer('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** When the invitee said no (signed in or not: the link's token is the right to decline). */
    declinedAt: timestamp('declined_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('speaker_invitations_talk').on(t.talkId)],
);

/** An event's own wording of a mail Lectern sends; absent keys use the built-in text. */
export const mailTemplates = pgTable(
  'mail_templates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('mail_templates_event_key').on(t.eventId, t.key)],
);

/** A draft waits for an organiser to send it (decision and group mails); the worker never takes one. */
export type OutboxStatus = 'draft' | 'pending' | 'sending' | 'sent' | 'failed';

/**
 * Every mail, written in the same transaction as the change that causes it and delivered
 * later by the mail worker: a change and its mail commit together or not at all.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id').references(() => events.id, { onDelete: 'set null' }),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** Holds a sign-in or password link: never shown in the back office. */
    sensitive: boolean('sensitive').notNull().default(false),
    /** The Message-ID header, fixed at enqueue time so that a retried delivery is recognisably the same mail. */
    messageId: text('message_id').notNull().unique(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_due').on(t.status, t.nextAttemptAt),
    index('outbox_event').on(t.eventId, t.createdAt),
    check('outbox_status', sql`${t.status} in ('draft', 'pending', 'sending', 'sent', 'failed')`),
  ],
);

/** What a webhook endpoint can subscribe to (`ping` is the organisers' test, sent to one endpoint). */
export const WEBHOOK_EVENTS = [
  'release.published',
  'proposal.submitted',
  'proposal.state_changed',
  'talk.updated',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type WebhookEndpointStatus = 'active' | 'paused';
export type WebhookDeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/** An address an event's organisers asked Lectern to POST its changes to, signed with its secret. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** The webhook events it receives (WEBHOOK_EVENTS). */
    events: text('events').array().$type<WebhookEvent[]>().notNull(),
    /** The HMAC-SHA256 key of its signatures; organisers can read it on the endpoint's page. */
    secret: text('secret').notNull(),
    status: text('status').$type<WebhookEndpointStatus>().notNull().default('active'),
    /** Why it was paused: by an organiser, or by Lectern after failed deliveries. */
    pausedReason: text('paused_reason'),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    /** Failed attempts since its last successful delivery. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_endpoints_event').on(t.eventId),
    check('webhook_endpoints_status', sql`${t.status} in ('active', 'paused')`),
  ],
);

/**
 * One POST of one change to one endpoint, written in the same transaction as the change and
 * delivered later by the webhook worker (the mail outbox's twin).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The payload's `id` and the Lectern-Webhook-Id header: receivers drop a repeated delivery by it. */
    uuid: uuid('uuid').notNull().unique(),
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** A WebhookEvent, or 'ping'. */
    eventType: text('event_type').notNull(),
    /** The payload's `data`, as text (json, not jsonb), so that its keys keep their order. */
    data: json('data').notNull(),
    status: text('status').$type<WebhookDeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** The HTTP status of the last attempt, when the receiver answered. */
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint').on(t.endpointId, t.createdAt),
    check('webhook_deliveries_status', sql`${t.status} in ('pending', 'sending', 'delivered', 'failed')`),
  ],
);

/** Tokens for the organiser API, each limited to one event. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters, to recognise a token in the list. */
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_event').on(t.eventId)],
);

/** Installation-wide values generated once, such as the cookie-signing secret, shared by every instance. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Hit counters for rate limits, shared by every app instance. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
});

/**
 * The days of an event's schedule, each with the window talks may be placed in (UTC instants;
 * a day may run past midnight, as 38C3's do). A talk outside every day is outside the event.
 */
export const eventDays = pgTable(
  'event_days',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** The calendar date the day is named after, in the event's zone. */
    date: date('date', { mode: 'string' }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('event_days_event_date').on(t.eventId, t.date),
    check('event_days_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const rooms = pgTable(
  'rooms',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** Stable identity for exports (c3voc room guid). */
    guid: uuid('guid')
      .notNull()
      .unique()
      .default(sql`gen_random_uuid()`),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Seats; null when unknown. */
    capacity: integer('capacity'),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('rooms_event_slug').on(t.eventId, t.slug),
    check('rooms_capacity', sql`${t.capacity} is null or ${t.capacity} >= 0`),
  ],
);

export const SLOT_KINDS = ['talk', 'break', 'block'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];

/**
 * The work-in-progress schedule: where and when each placed talk happens, and the breaks
 * (lunch: no talks) and other blocks (an opening, a party) that are not talks. A break or
 * block without a room spans every room. Public pages never read this table: they read the
 * latest release.
 */
export const scheduleSlots = pgTable(
  'schedule_slots',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** Stable identity of a break or block in exports (a talk's slot uses the talk's guid). */
    guid: uuid('guid')
      .notNull()
      .unique()
      .default(sql`gen_random_uuid()`),
    kind: text('kind').$type<SlotKind>().notNull(),
    /** Set for kind talk, null otherwise. */
    talkId: integer('talk_id').references(() => talks.id, { onDelete: 'cascade' }),
    /** A break's or block's title; empty for a talk. */
    title: text('title').notNull().default(''),
    roomId: integer('room_id').references(() => rooms.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('schedule_slots_talk').on(t.talkId),
    index('schedule_slots_event_start').on(t.eventId, t.startsAt),
    check('schedule_slots_kind', sql`${t.kind} in ('talk', 'break', 'block')`),
    check('schedule_slots_window', sql`${t.endsAt} > ${t.startsAt}`),
    check(
      'schedule_slots_talk_kind',
      sql`(${t.kind} = 'talk') = (${t.talkId} is not null) and (${t.kind} <> 'talk' or ${t.roomId} is not null)`,
    ),
  ],
);

/**
 * The slot template of a schedule day: the time slots talks start in (a start and a length each;
 * the gaps between them are the breaks). The solver places talks in them; the editor offers them.
 * A day's grid is defined once and can be copied to the other days.
 */
export const timeSlots = pgTable(
  'time_slots',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    dayId: integer('day_id')
      .notNull()
      .references(() => eventDays.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('time_slots_day_start').on(t.dayId, t.startsAt),
    index('time_slots_event_start').on(t.eventId, t.startsAt),
    check('time_slots_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** A time slot in which a room cannot be used (booked by someone else, being set up). */
export const roomClosures = pgTable(
  'room_closures',
  {
    roomId: integer('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    timeSlotId: integer('time_slot_id')
      .notNull()
      .references(() => timeSlots.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.timeSlotId] }), index('room_closures_time_slot').on(t.timeSlotId)],
);

/** When a speaker can give their talk, stated in their profile; none stated means any time. */
export const speakerAvailability = pgTable(
  'speaker_availability',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    speakerId: integer('speaker_id')
      .notNull()
      .references(() => speakers.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('speaker_availability_speaker').on(t.speakerId),
    check('speaker_availability_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * An immutable release of an event's schedule: a copy of the work-in-progress schedule as it
 * was when an organiser released it, and what changed since the release before. Public pages,
 * the public API and every export read the latest one.
 */
export const scheduleReleases = pgTable(
  'schedule_releases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    /** Shown publicly with the changelog. */
    comment: text('comment').notNull().default(''),
    releasedAt: timestamp('released_at', { withTimezone: true }).notNull().defaultNow(),
    releasedBy: integer('released_by').references(() => users.id, { onDelete: 'set null' }),
    /** A ReleasedSchedule (src/modules/schedule/release-snapshot.ts). */
    snapshot: jsonb('snapshot').notNull(),
    /** ScheduleChange[]: what moved, was added, removed or cancelled since the previous release. */
    changes: jsonb('changes').notNull(),
  },
  (t) => [
    uniqueIndex('schedule_releases_event_version').on(t.eventId, t.version),
    index('schedule_releases_event_released').on(t.eventId, t.releasedAt),
  ],
);

/**
 * Every change of a talk's state, written in the same transaction as the change by the one
 * function that makes it (changeTalkState in modules/program/talk-lifecycle.ts): who moved it
 * (a user, or a system actor such as `import`), from which state to which, when and why.
 */
export const talkStateChanges = pgTable(
  'talk_state_changes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    talkId: integer('talk_id')
      .notNull()
      .references(() => talks.id, { onDelete: 'cascade' }),
    fromState: text('from_state').$type<TalkState>().notNull(),
    toState: text('to_state').$type<TalkState>().notNull(),
    /** The user who made the change; null for a system actor, or once the account is gone. */
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The role the change was made in: `speaker`, `organiser`, or a system actor such as `import`. */
    actorRole: text('actor_role').notNull(),
    reason: text('reason').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('talk_state_changes_talk').on(t.talkId, t.at)],
);

/**
 * A shared agenda: the talks an attendee starred for "My agenda", kept so that it follows them
 * to another device and can be shared. Nothing personal: no account, no address. Two secrets:
 * the token (a credential to change it, stored only as its SHA-256) and the share id (a
 * read-only name for the shared page and its calendar feed). Talks are kept by slug, which
 * never changes: a talk that leaves the program stays listed, and the changelog says why.
 */
export const attendeeAgendas = pgTable(
  'attendee_agendas',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    shareId: text('share_id').notNull(),
    talkSlugs: text('talk_slugs').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('attendee_agendas_token_hash').on(t.tokenHash),
    uniqueIndex('attendee_agendas_share_id').on(t.shareId),
  ],
);

/**
 * An interest ballot: the talks one attendee wants to see, which the scheduler keeps apart.
 * Nothing personal: no account, no address, and organisers see only counts. A ballot cast on
 * the site is kept under a token (a credential to change it, stored only as its SHA-256); one
 * imported from a file has none (null) and is replaced by the next import.
 */
export const interestBallots = pgTable(
  'interest_ballots',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('interest_ballots_token_hash').on(t.tokenHash), index('interest_ballots_event').on(t.eventId)],
);

/** The talks a ballot marks, by id: a talk deleted from the event leaves every ballot with it. */
export const interestBallotTalks = pgTable(
  'interest_ballot_talks',
  {
    ballotId: integer('ballot_id')
      .notNull()
      .references(() => interestBallots.id, { onDelete: 'cascade' }),
    talkId: integer('talk_id')
      .notNull()
      .references(() => talks.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.talkId] }), index('interest_ballot_talks_talk').on(t.talkId)],
);

export const SCHEDULE_PROPOSAL_STATUSES = ['running', 'done', 'stopped', 'failed', 'interrupted'] as const;
export type ScheduleProposalStatus = (typeof SCHEDULE_PROPOSAL_STATUSES)[number];

/**
 * A run of the solver on an event's work-in-progress schedule, and what it proposed. The app
 * instance that started it runs the worker and writes its progress and a heartbeat here about
 * once a second; any instance reads it (a running row whose heartbeat is older than 30 s reads
 * as interrupted: its instance died). "Stop" sets stop_requested, which the running instance
 * reads at its next write. Organisers then accept all of the result, some or none (decided_at).
 * Owned by the schedule-proposals module; at most one runs per event.
 */
export const scheduleProposals = pgTable(
  'schedule_proposals',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    status: text('status').$type<ScheduleProposalStatus>().notNull().default('running'),
    /** ProposalOptions (schedule-proposals/proposals.ts): seconds, seed, keepPlaced. */
    options: jsonb('options').notNull(),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    stopRequested: boolean('stop_requested').notNull().default(false),
    /** The solver's latest progress (ProposalProgress); null before its first report. */
    progress: jsonb('progress'),
    /** The setup while running (ProposalSetup), then the result too (StoredProposal). */
    result: jsonb('result'),
    /** Why it failed. */
    error: text('error'),
    /** When an organiser accepted (some of) it or discarded it: it is then no longer offered. */
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** `applied` or `discarded`, with decided_at. */
    decision: text('decision'),
  },
  (t) => [
    uniqueIndex('schedule_proposals_one_running')
      .on(t.eventId)
      .where(sql`${t.status} = 'running'`),
    index('schedule_proposals_event_started').on(t.eventId, t.startedAt),
    check('schedule_proposals_status', sql`${t.status} in ('running', 'done', 'stopped', 'failed', 'interrupted')`),
    check('schedule_proposals_decision', sql`${t.decision} is null or ${t.decision} in ('applied', 'discarded')`),
  ],
);

/** The formats stored_exports holds: the exporters' identifiers (exchange/exporters/exporter.ts). */
export const STORED_EXPORT_FORMATS = ['frab-xml', 'c3voc-json', 'ical', 'csv'] as const;

/**
 * Exports built once per program version and shared by every app instance: the file's bytes,
 * its ETag, and its gzip and brotli forms when they are smaller. Built on the first request for
 * the version (the unique key settles two instances building at once); storing a newer version
 * deletes the event's older ones. `variant` is what else the bytes depend on: the exporters'
 * revision and the public address links start with. Owned by the exchange module. The byte
 * columns are stored uncompressed (migration 0024): the bodies are read in slices, which
 * PostgreSQL then fetches without decompressing what comes before them.
 */
export const storedExports = pgTable(
  'stored_exports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    programVersion: integer('program_version').notNull(),
    format: text('format').$type<(typeof STORED_EXPORT_FORMATS)[number]>().notNull(),
    variant: text('variant').notNull(),
    etag: text('etag').notNull(),
    body: bytea('body').notNull(),
    gzip: bytea('gzip'),
    br: bytea('br'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('stored_exports_key').on(t.eventId, t.format, t.variant, t.programVersion),
    check('stored_exports_format', sql`${t.format} in ('frab-xml', 'c3voc-json', 'ical', 'csv')`),
  ],
);
