import type { OutboxStatus } from '../../../db/schema.js';
import type { Actor } from '../../../modules/accounts/index.js';
import { GROUP_MAIL_PLACEHOLDERS } from '../../../modules/mail/index.js';
import type {
  EventTemplate,
  MailTemplate,
  OutboxListItem,
  OutboxMessage,
  OutboxPage,
} from '../../../modules/mail/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import type { GroupMailChoices, GroupMailPlan } from '../../../modules/review/index.js';
import { formatInZone } from '../../../shared/time.js';
import {
  CsrfField,
  ErrorSummary,
  PostButton,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
  type FormErrors,
} from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';

interface Common {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
}

export const OUTBOX_STATUSES: OutboxStatus[] = ['draft', 'pending', 'sending', 'sent', 'failed'];

const STATUS_LABEL: Record<OutboxStatus, string> = {
  draft: 'Draft',
  pending: 'Waiting',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
};

/** The talk-state badge colours, reused: sent reads as good news, failed as bad, the rest as in progress. */
const STATUS_BADGE: Record<OutboxStatus, string> = {
  draft: 'state',
  pending: 'state state--submitted',
  sending: 'state state--submitted',
  sent: 'state state--accepted',
  failed: 'state state--rejected',
};

const SENSITIVE_NOTE =
  'This mail holds a personal link (to choose a password or to sign in). Anyone who read it could use that link, so its text is never shown here.';

const GROUP_PLACEHOLDER_LIST: readonly string[] = GROUP_MAIL_PLACEHOLDERS;

function formatOptional(date: Date | null, zone: string): string {
  return date ? formatInZone(date, zone) : '';
}

function wordingNote(template: EventTemplate): string {
  return template.customised ? `Your wording: "${template.template.subject}"` : 'The built-in wording.';
}

function mailBase(event: { slug: string }): string {
  return `/orga/${event.slug}/mail`;
}

/** Retry is offered for a failed mail and for one waiting for its next retry. */
function mayRetry(message: Pick<OutboxListItem, 'status' | 'attempts'>): boolean {
  return message.status === 'failed' || (message.status === 'pending' && message.attempts > 0);
}

function draftsWord(count: number): string {
  return count === 1 ? '1 draft' : `${count} drafts`;
}

/** The one button that queues every draft; it carries the count seen, so that nothing unseen is sent. */
function SendDrafts(props: { base: string; csrf: string; count: number }): JSX.Element {
  return (
    <PostButton
      action={`${props.base}/drafts/send`}
      csrf={props.csrf}
      label={`Send all ${draftsWord(props.count)}`}
      hidden={{ count: String(props.count) }}
    />
  );
}

function StatusCell(props: { message: OutboxListItem; zone: string }): JSX.Element {
  const { message } = props;
  return (
    <>
      <span class={STATUS_BADGE[message.status]} safe>
        {STATUS_LABEL[message.status]}
      </span>
      {message.status === 'pending' && message.attempts > 0 ? (
        <>
          <br />
          <small safe>{`next try ${formatInZone(message.nextAttemptAt, props.zone)}`}</small>
        </>
      ) : (
        ''
      )}
    </>
  );
}

/** A plain-text body as paragraphs and line breaks, every character escaped. */
function PlainText(props: { text: string }): JSX.Element {
  return (
    <div class="mail-body">
      {props.text
        .replace(/\r\n/g, '\n')
        .split(/\n{2,}/)
        .map((paragraph) => (
          <p>
            {paragraph.split('\n').map((line, i) => (
              <>
                {i > 0 ? <br /> : ''}
                <span safe>{line}</span>
              </>
            ))}
          </p>
        ))}
    </div>
  );
}

export function OutboxPageView(props: Common & { outbox: OutboxPage; status: OutboxStatus | undefined }): JSX.Element {
  const { event, outbox } = props;
  const base = mailBase(event);
  const total = OUTBOX_STATUSES.reduce((sum, s) => sum + outbox.counts[s], 0);
  const pageLink = (page: number) =>
    `${base}?${new URLSearchParams({ ...(props.status ? { status: props.status } : {}), page: String(page) })}`;
  return (
    <SiteLayout
      title="Mail"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'mail', organiser: true }}
    >
      <h1>Mail</h1>
      <p safe>
        {`Every mail of ${event.name} waits here until a mail server has accepted it. A mail that could not be delivered is tried again, later and later, until it is marked failed; you can then retry it. Mails about people's own accounts (password resets) are not listed.`}
      </p>
      <ul class="actions">
        <li>
          <a href={`${base}/group`}>Write to a group of speakers</a>
        </li>
        <li>
          <a href={`${base}/templates`}>Edit the decision mails</a>
        </li>
      </ul>
      {outbox.counts.draft > 0 ? (
        <section aria-labelledby="drafts" class="warning-box">
          <h2 id="drafts" safe>{`${draftsWord(outbox.counts.draft)} not sent yet`}</h2>
          <p>
            Decision mails and mails to a group wait here as drafts until you send them. Open each to see it as its
            recipient will get it; delete the ones that should not go out.
          </p>
          <div class="actions">
            <a href={`${base}?status=draft`}>Review the drafts</a>
            <SendDrafts base={base} csrf={props.csrf} count={outbox.counts.draft} />
          </div>
        </section>
      ) : (
        ''
      )}
      <h2>Outbox</h2>
      <ul class="stats">
        <li>
          <strong safe>{String(total)}</strong>
          <span>in all</span>
        </li>
        {OUTBOX_STATUSES.map((s) => (
          <li>
            <strong safe>{String(outbox.counts[s])}</strong>
            <span safe>{STATUS_LABEL[s].toLowerCase()}</span>
          </li>
        ))}
      </ul>
      <form method="get" action={base} class="form form--inline">
        <div class="field">
          <label for="status">Show</label>
          <select id="status" name="status">
            <option value="">All mails</option>
            {OUTBOX_STATUSES.map((s) => (
              <option value={s} selected={s === props.status} safe>
                {`${STATUS_LABEL[s]} (${outbox.counts[s]})`}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit">Filter</button>
        </div>
      </form>
      {outbox.messages.length === 0 ? (
        <p>
          {props.status === 'draft'
            ? 'No drafts: nothing waits for you to send it.'
            : props.status
              ? `No mail is ${STATUS_LABEL[props.status].toLowerCase()}.`
              : 'No mail yet.'}
        </p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">Mails, newest first</caption>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col" class="number">
                  Attempts
                </th>
                <th scope="col">Last error</th>
                <th scope="col">Queued</th>
                <th scope="col">Sent</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {outbox.messages.map((message) => (
                <tr>
                  <td safe>{message.recipient}</td>
                  <td>
                    <a href={`${base}/messages/${message.id}`} safe>
                      {message.subject}
                    </a>
                  </td>
                  <td>
                    <StatusCell message={message} zone={event.timezone} />
                  </td>
                  <td class="number" safe>
                    {String(message.attempts)}
                  </td>
                  <td safe>{message.lastError ?? ''}</td>
                  <td safe>{formatInZone(message.createdAt, event.timezone)}</td>
                  <td safe>{formatOptional(message.sentAt, event.timezone)}</td>
                  <td>
                    {mayRetry(message) ? (
                      <PostButton action={`${base}/messages/${message.id}/retry`} csrf={props.csrf} label="Retry now" />
                    ) : (
                      ''
                    )}
                    {message.status === 'draft' ? (
                      <PostButton
                        action={`${base}/messages/${message.id}/delete`}
                        csrf={props.csrf}
                        label="Delete draft"
                        class="button--danger"
                      />
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {outbox.page > 1 || outbox.hasMore ? (
        <nav aria-label="Outbox pages" class="actions">
          {outbox.page > 1 ? <a href={pageLink(outbox.page - 1)}>Newer mails</a> : ''}
          {outbox.hasMore ? <a href={pageLink(outbox.page + 1)}>Older mails</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </SiteLayout>
  );
}

export function OutboxMessagePage(props: Common & { message: OutboxMessage; drafts: number }): JSX.Element {
  const { event, message } = props;
  const base = mailBase(event);
  const zone = event.timezone;
  return (
    <SiteLayout
      title="Mail"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'mail', organiser: true }}
    >
      <p>
        <a href={base}>Back to the outbox</a>
      </p>
      <h1 safe>{message.subject}</h1>
      <dl class="mail-headers">
        <dt>To</dt>
        <dd safe>{message.recipient}</dd>
        <dt>Status</dt>
        <dd>
          <StatusCell message={message} zone={zone} />
        </dd>
        <dt>Attempts</dt>
        <dd safe>{String(message.attempts)}</dd>
        {message.lastError ? (
          <>
            <dt>Last error</dt>
            <dd safe>{message.lastError}</dd>
          </>
        ) : (
          ''
        )}
        <dt>Queued</dt>
        <dd safe>{formatInZone(message.createdAt, zone)}</dd>
        {message.sentAt ? (
          <>
            <dt>Sent</dt>
            <dd safe>{formatInZone(message.sentAt, zone)}</dd>
          </>
        ) : (
          ''
        )}
        <dt>Message-ID</dt>
        <dd>
          <code safe>{message.messageId}</code>
        </dd>
      </dl>
      {mayRetry(message) ? (
        <div class="actions">
          <PostButton action={`${base}/messages/${message.id}/retry`} csrf={props.csrf} label="Retry now" />
        </div>
      ) : (
        ''
      )}
      {message.status === 'draft' ? (
        <>
          <p
            safe
          >{`This is a draft: it is sent with the other drafts when you send them (${draftsWord(props.drafts)} now).`}</p>
          <div class="actions">
            <SendDrafts base={base} csrf={props.csrf} count={props.drafts} />
            <PostButton
              action={`${base}/messages/${message.id}/delete`}
              csrf={props.csrf}
              label="Delete this draft"
              class="button--danger"
            />
          </div>
        </>
      ) : (
        ''
      )}
      <h2>{message.status === 'draft' ? 'Text, as the recipient will get it' : 'Text'}</h2>
      {message.body === undefined ? <p class="warning-box">{SENSITIVE_NOTE}</p> : <PlainText text={message.body} />}
    </SiteLayout>
  );
}

export function MailTemplatesPage(props: Common & { templates: EventTemplate[] }): JSX.Element {
  const { event } = props;
  const base = mailBase(event);
  return (
    <SiteLayout
      title="Decision mails"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'mail', organiser: true }}
    >
      <p>
        <a href={base}>Back to the outbox</a>
      </p>
      <h1>Decision mails</h1>
      <p>Speakers get these mails when you decide on their proposals. Word them as you like.</p>
      <ul class="talk-list">
        {props.templates.map((t) => (
          <li class="talk-card">
            <h2>
              <a href={`${base}/templates/${t.key}`} safe>
                {t.definition.label}
              </a>
            </h2>
            <p safe>{t.definition.description}</p>
            <p safe>{wordingNote(t)}</p>
          </li>
        ))}
      </ul>
    </SiteLayout>
  );
}

export function MailTemplatePage(
  props: Common & {
    template: EventTemplate;
    /** What the form shows: the saved template, or what was typed. */
    values: MailTemplate;
    preview: MailTemplate | undefined;
    errors?: FormErrors | undefined;
    /** Showing a preview of unsaved text. */
    unsaved?: boolean;
  },
): JSX.Element {
  const { event, template } = props;
  const action = `${mailBase(event)}/templates/${template.key}`;
  const placeholders = template.definition.placeholders.map((p) => `{${p}}`).join(', ');
  const required = (template.definition.required ?? []).map((p) => `{${p}}`).join(', ');
  return (
    <SiteLayout
      title={template.definition.label}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'mail', organiser: true }}
    >
      <p>
        <a href={`${mailBase(event)}/templates`}>All decision mails</a>
      </p>
      <h1 safe>{template.definition.label}</h1>
      <p safe>{template.definition.description}</p>
      <p>
        {template.customised ? 'You changed this mail from the built-in wording.' : 'This is the built-in wording.'}
      </p>
      <ErrorSummary errors={props.errors} labels={{ subject: 'Subject', body: 'Text' }} />
      <form class="form" method="post" action={action} novalidate>
        <CsrfField token={props.csrf} />
        <p
          safe
        >{`Placeholders you can use: ${placeholders}. Each is replaced by its value for each speaker.${required ? ` The text must contain ${required}.` : ''}`}</p>
        <TextField
          name="subject"
          label="Subject"
          value={props.values.subject}
          required
          maxlength={200}
          errors={props.errors}
        />
        <TextArea name="body" label="Text" value={props.values.body} rows={14} required errors={props.errors} />
        <div class="actions">
          <button type="submit" name="intent" value="save">
            Save
          </button>
          <button type="submit" name="intent" value="preview" class="button--secondary">
            Preview without saving
          </button>
        </div>
      </form>
      {props.preview ? (
        <section aria-labelledby="preview">
          <h2 id="preview">{props.unsaved ? 'Preview of your changes (not saved yet)' : 'Preview'}</h2>
          <p>As a speaker would get it, with made-up speaker and proposal.</p>
          <p>
            <strong>Subject:</strong> <span safe>{props.preview.subject}</span>
          </p>
          <PlainText text={props.preview.body} />
        </section>
      ) : (
        ''
      )}
      {template.customised ? (
        <section aria-labelledby="reset">
          <h2 id="reset">Go back to the built-in wording</h2>
          <p>Your wording of this mail is deleted.</p>
          <PostButton
            action={`${action}/reset`}
            csrf={props.csrf}
            label="Reset to the built-in wording"
            class="button--danger"
          />
        </section>
      ) : (
        ''
      )}
    </SiteLayout>
  );
}

/** What the group mail form holds: what was chosen and typed. */
export interface GroupMailValues {
  audience: string;
  track: string;
  speakers: number[];
  subject: string;
  body: string;
}

const AUDIENCE_OPTIONS = [
  { value: 'accepted', label: 'Speakers of accepted proposals (not confirmed yet)' },
  { value: 'confirmed', label: 'Speakers of confirmed talks' },
  { value: 'rejected', label: 'Speakers of rejected proposals' },
  { value: 'track', label: "Speakers of a track's proposals (submitted, wait-listed, accepted or confirmed)" },
  { value: 'picked', label: 'Speakers I pick below' },
];

export function GroupMailPage(
  props: Common & {
    choices: GroupMailChoices;
    values: GroupMailValues;
    /** Shown after "Preview": who gets the mail, and each mail. */
    plan?: GroupMailPlan | undefined;
    errors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, choices, values, plan } = props;
  const base = mailBase(event);
  const placeholders = GROUP_PLACEHOLDER_LIST.map((p) => `{${p}}`).join(', ');
  return (
    <SiteLayout
      title="Mail to a group"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'mail', organiser: true }}
    >
      <p>
        <a href={base}>Back to the outbox</a>
      </p>
      <h1>Mail to a group of speakers</h1>
      <p>
        Each speaker of the group gets one mail (one per address, even with several proposals). The mails are drafts in
        the outbox until you send the drafts.
      </p>
      <ErrorSummary
        errors={props.errors}
        labels={{ audience: 'Recipients', track: 'Track', speakers: 'Speakers', subject: 'Subject', body: 'Text' }}
      />
      <form class="form" method="post" action={`${base}/group`} novalidate>
        <CsrfField token={props.csrf} />
        <RadioGroup
          name="audience"
          label="Recipients"
          value={values.audience}
          options={AUDIENCE_OPTIONS}
          required
          errors={props.errors}
        />
        <SelectField
          name="track"
          label="Track"
          value={values.track}
          options={choices.tracks.map((t) => ({ value: t.slug, label: t.name }))}
          empty="Choose a track"
          hint="For the speakers of a track."
          errors={props.errors}
        />
        <fieldset class="field" id="speakers">
          <legend>Speakers</legend>
          <p class="hint">For the speakers you pick. Speakers without an account (imported) have no address.</p>
          {props.errors?.['speakers'] ? (
            <p class="error" safe>
              {props.errors['speakers']}
            </p>
          ) : (
            ''
          )}
          {choices.speakers.length === 0 ? <p>The event has no speakers yet.</p> : ''}
          {choices.speakers.map((speaker) => (
            <label class="choice">
              <input
                type="checkbox"
                name="speakers"
                value={String(speaker.id)}
                checked={values.speakers.includes(speaker.id)}
                disabled={speaker.email === null}
              />
              <span safe>{speaker.email ? `${speaker.name} <${speaker.email}>` : `${speaker.name} (no address)`}</span>
            </label>
          ))}
        </fieldset>
        <p
          safe
        >{`Placeholders you can use: ${placeholders}. Each is replaced by its value for each speaker: {proposal_title} names their proposals in the group, {proposal_url} links to their proposal (or to their proposals, when they have several).`}</p>
        <TextField
          name="subject"
          label="Subject"
          value={values.subject}
          required
          maxlength={200}
          errors={props.errors}
        />
        <TextArea name="body" label="Text" value={values.body} rows={14} required errors={props.errors} />
        <div class="actions">
          <button type="submit" name="intent" value="preview">
            Preview
          </button>
          <button type="submit" name="intent" value="draft" class="button--secondary">
            Write the drafts
          </button>
        </div>
      </form>
      {plan ? <GroupMailPreview plan={plan} /> : ''}
    </SiteLayout>
  );
}

function GroupMailPreview(props: { plan: GroupMailPlan }): JSX.Element {
  const { recipients, notMailed } = props.plan;
  return (
    <section aria-labelledby="preview">
      <h2 id="preview" safe>
        {recipients.length === 1
          ? '1 speaker would get this mail'
          : `${recipients.length} speakers would get this mail`}
      </h2>
      <p>Nothing is written yet. Once you write the drafts, each can be read in the outbox before you send it.</p>
      {notMailed.length > 0 ? <p safe>{`Not mailed (no account): ${notMailed.join(', ')}.`}</p> : ''}
      <ul>
        {recipients.map((recipient) => (
          <li
            safe
          >{`${recipient.name} <${recipient.email}>${recipient.proposals.length > 0 ? ` (${recipient.proposals.join(', ')})` : ''}`}</li>
        ))}
      </ul>
      {recipients[0] ? (
        <>
          <h3 safe>{`The mail to ${recipients[0].name}, as they would get it`}</h3>
          <p>
            <strong>Subject:</strong> <span safe>{recipients[0].mail.subject}</span>
          </p>
          <PlainText text={recipients[0].mail.body} />
        </>
      ) : (
        ''
      )}
    </section>
  );
}
