import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { mailTemplates } from '../../db/schema.js';
import { InvalidInputError, NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../access/index.js';
import { requireMailOrganiser } from './policy.js';

export interface MailTemplate {
  subject: string;
  body: string;
}

export interface TemplateDefinition extends MailTemplate {
  /** The template's name in the back office. */
  label: string;
  /** Shown to organisers editing it. */
  description: string;
  placeholders: string[];
  /** Placeholders the mail cannot do without (the confirmation link of an acceptance). */
  required?: string[];
  /** Why the required placeholders are needed, in the refusal; "the speaker cannot answer" by default. */
  requiredBecause?: string;
}

/**
 * The placeholders of the mails a release sends speakers: {schedule_changes} lists each of the
 * speaker's talks the release changed, one line each with its link, in the event's time zone;
 * {release_version} is the release's version name; {schedule_url} the public schedule.
 */
export const SCHEDULE_MAIL_PLACEHOLDERS = [
  'speaker_name',
  'event_name',
  'release_version',
  'schedule_changes',
  'schedule_url',
];

/**
 * The mails organisers may reword per event. Placeholders are written {like_this}; every
 * placeholder a template uses must be one its definition lists.
 */
export const EDITABLE_TEMPLATES = {
  'proposal-accepted': {
    label: 'Proposal accepted',
    description: 'Sent to each speaker when their proposal is accepted. It must give them the link to confirm.',
    placeholders: ['speaker_name', 'proposal_title', 'event_name', 'proposal_url'],
    required: ['proposal_url'],
    subject: '[{event_name}] Your proposal "{proposal_title}" was accepted',
    body: `Hello {speaker_name},

Good news: your proposal "{proposal_title}" for {event_name} was accepted.

Please confirm that you will give the talk (or withdraw it, if you cannot) here:
{proposal_url}

Your talk joins the program once you confirm.

The {event_name} organisers`,
  },
  'proposal-rejected': {
    label: 'Proposal rejected',
    description: 'Sent to each speaker when their proposal is rejected.',
    placeholders: ['speaker_name', 'proposal_title', 'event_name', 'proposal_url'],
    subject: '[{event_name}] About your proposal "{proposal_title}"',
    body: `Hello {speaker_name},

Thank you for proposing "{proposal_title}" to {event_name}. We received many more good proposals
than we have room for, and we are sorry that we could not include yours this time.

The {event_name} organisers`,
  },
  'proposal-waitlisted': {
    label: 'Proposal on the wait list',
    description: 'Sent to each speaker when their proposal is put on the wait list.',
    placeholders: ['speaker_name', 'proposal_title', 'event_name', 'proposal_url'],
    subject: '[{event_name}] Your proposal "{proposal_title}" is on the wait list',
    body: `Hello {speaker_name},

Your proposal "{proposal_title}" for {event_name} is on our wait list: if a slot frees up,
we will come back to you. You can follow its state here:
{proposal_url}

The {event_name} organisers`,
  },
  'talk-scheduled': {
    label: 'Talk scheduled (first release)',
    description:
      "Sent on the event's first release of the schedule to each speaker whose talks it places, when the organiser releasing leaves “Notify speakers” ticked.",
    placeholders: SCHEDULE_MAIL_PLACEHOLDERS,
    required: ['schedule_changes'],
    requiredBecause: 'without it the speaker is not told where and when',
    subject: '[{event_name}] Your talk is scheduled',
    body: `Hello {speaker_name},

The schedule of {event_name} is out, and your talk is in it:

{schedule_changes}

The whole schedule:
{schedule_url}

The {event_name} organisers`,
  },
  'schedule-changed': {
    label: 'Schedule changed (later releases)',
    description:
      'Sent on each later release of the schedule to each speaker whose talks it places, moves, takes off the schedule or cancels, when the organiser releasing leaves “Notify speakers” ticked. Speakers whose talks did not change get nothing.',
    placeholders: SCHEDULE_MAIL_PLACEHOLDERS,
    required: ['schedule_changes'],
    requiredBecause: 'without it the speaker is not told what changed',
    subject: '[{event_name}] The schedule changed for your talk',
    body: `Hello {speaker_name},

{event_name} released a new version of its schedule ({release_version}). What it changes for you:

{schedule_changes}

The whole schedule:
{schedule_url}

The {event_name} organisers`,
  },
} satisfies Record<string, TemplateDefinition>;

export type EditableTemplateKey = keyof typeof EDITABLE_TEMPLATES;

export function isEditableTemplateKey(key: string): key is EditableTemplateKey {
  return Object.hasOwn(EDITABLE_TEMPLATES, key);
}

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** Fills {placeholders}; an unknown one is left as written (validated templates have none). */
export function renderTemplate(template: MailTemplate, values: Record<string, string>): MailTemplate {
  const fill = (text: string) => text.replace(PLACEHOLDER, (match, name: string) => values[name] ?? match);
  return { subject: fill(template.subject).replace(/\s+/g, ' ').trim(), body: fill(template.body) };
}

/**
 * Refuses a template that uses a placeholder its mail does not have, or lacks one it needs,
 * naming it and the field.
 */
export function validateTemplate(key: EditableTemplateKey, template: MailTemplate): void {
  const definition: TemplateDefinition = EDITABLE_TEMPLATES[key];
  validateMailText(template, definition.placeholders, definition.required ?? [], definition.requiredBecause);
}

function validateMailText(
  template: MailTemplate,
  allowed: readonly string[],
  required: readonly string[],
  requiredBecause = 'without it the speaker cannot answer',
): void {
  for (const field of ['subject', 'body'] as const) {
    const text = template[field];
    if (text.trim() === '') throw new InvalidInputError('must not be empty', field);
    for (const [, name] of text.matchAll(PLACEHOLDER)) {
      if (!allowed.includes(name!)) {
        throw new InvalidInputError(
          `unknown placeholder {${name}}; this mail has ${allowed.map((p) => `{${p}}`).join(', ')}`,
          field,
        );
      }
    }
  }
  for (const name of required) {
    if (!template.body.includes(`{${name}}`)) {
      throw new InvalidInputError(`must contain {${name}}: ${requiredBecause}`, 'body');
    }
  }
  if (template.subject.length > 200) throw new InvalidInputError('must be at most 200 characters', 'subject');
  if (template.body.length > 20_000) throw new InvalidInputError('must be at most 20000 characters', 'body');
}

/**
 * The placeholders of a mail to a group of speakers, as in the decision mails: {proposal_title}
 * names the recipient's proposals in the group, {proposal_url} links to their proposal (or to
 * their list of proposals when they have several).
 */
export const GROUP_MAIL_PLACEHOLDERS = ['speaker_name', 'proposal_title', 'event_name', 'proposal_url'] as const;

/** Refuses a group mail's subject or text that is empty, too long or has an unknown placeholder. */
export function validateGroupMail(template: MailTemplate): void {
  validateMailText(template, GROUP_MAIL_PLACEHOLDERS, []);
}

/** The event's wording of a mail, or the built-in one. */
export async function loadTemplate(db: Database, eventId: number, key: EditableTemplateKey): Promise<MailTemplate> {
  const [custom] = await db
    .select({ subject: mailTemplates.subject, body: mailTemplates.body })
    .from(mailTemplates)
    .where(and(eq(mailTemplates.eventId, eventId), eq(mailTemplates.key, key)));
  return custom ?? { subject: EDITABLE_TEMPLATES[key].subject, body: EDITABLE_TEMPLATES[key].body };
}

export interface EventTemplate {
  key: EditableTemplateKey;
  definition: TemplateDefinition;
  /** What the event sends now: its own wording, or the built-in one. */
  template: MailTemplate;
  customised: boolean;
}

function requireTemplateKey(key: string): EditableTemplateKey {
  if (!isEditableTemplateKey(key)) throw new NotFoundError(`There is no mail template "${key}".`);
  return key;
}

/** The event's editable mails, for its organisers. */
export async function listTemplates(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
): Promise<EventTemplate[]> {
  requireMailOrganiser(actor, event);
  const custom = await db
    .select({ key: mailTemplates.key, subject: mailTemplates.subject, body: mailTemplates.body })
    .from(mailTemplates)
    .where(eq(mailTemplates.eventId, event.id));
  return (Object.keys(EDITABLE_TEMPLATES) as EditableTemplateKey[]).map((key) => {
    const definition: TemplateDefinition = EDITABLE_TEMPLATES[key];
    const own = custom.find((row) => row.key === key);
    return {
      key,
      definition,
      template: own ? { subject: own.subject, body: own.body } : { subject: definition.subject, body: definition.body },
      customised: own !== undefined,
    };
  });
}

export async function getTemplate(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  key: string,
): Promise<EventTemplate> {
  const known = requireTemplateKey(key);
  const all = await listTemplates(db, actor, event);
  return all.find((t) => t.key === known)!;
}

/** Saves the event's wording of a mail after validating it; invalid input saves nothing. */
export async function saveTemplate(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  key: string,
  input: MailTemplate,
): Promise<void> {
  requireMailOrganiser(actor, event);
  const known = requireTemplateKey(key);
  const template = { subject: input.subject.trim(), body: input.body.replace(/\r\n/g, '\n').trimEnd() };
  validateTemplate(known, template);
  await db
    .insert(mailTemplates)
    .values({ eventId: event.id, key: known, ...template })
    .onConflictDoUpdate({
      target: [mailTemplates.eventId, mailTemplates.key],
      set: { ...template, updatedAt: new Date() },
    });
}

/** Goes back to the built-in wording. */
export async function resetTemplate(
  db: Database,
  actor: Actor | undefined,
  event: { id: number; name: string },
  key: string,
): Promise<void> {
  requireMailOrganiser(actor, event);
  const known = requireTemplateKey(key);
  await db.delete(mailTemplates).where(and(eq(mailTemplates.eventId, event.id), eq(mailTemplates.key, known)));
}

/** The mail as a speaker would get it, filled with made-up values (and the event's real name and addresses). */
export function previewTemplate(
  template: MailTemplate,
  sample: { eventName: string; timezone: string; proposalUrl: string; scheduleUrl: string; talkUrl: string },
): MailTemplate {
  return renderTemplate(template, {
    speaker_name: 'Ada Lovelace',
    proposal_title: 'Notes on the Analytical Engine',
    event_name: sample.eventName,
    proposal_url: sample.proposalUrl,
    release_version: '2',
    schedule_changes: [
      'Moved: “Notes on the Analytical Engine”, from Sat 20 Aug 2016 10:00–10:30, Main Hall to Sun 21 Aug 2016 14:00–14:30, Room 2',
      `  ${sample.talkUrl}`,
      '',
      `Times are in the event’s time zone, ${sample.timezone}.`,
    ].join('\n'),
    schedule_url: sample.scheduleUrl,
  });
}
