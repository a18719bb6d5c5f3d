import type { Actor } from '../../../modules/accounts/index.js';
import { MAX_ACCESS_CODE_USES, type AccessCodeItem } from '../../../modules/cfp/index.js';
import type { EventRecord, SessionTypeItem, TrackItem } from '../../../modules/program/index.js';
import { formatInZone } from '../../../shared/time.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';
import { RowAction } from './tracks.js';

export interface AccessCodeFormValues {
  code: string;
  validUntil: string;
  maxUses: string;
  sessionTypeId: string;
  trackId: string;
}

export interface AccessCodeMailValues {
  to: string;
  subject: string;
  body: string;
}

const CODE_LABELS = {
  code: 'Code',
  validUntil: 'Valid until',
  maxUses: 'Uses allowed',
  sessionTypeId: 'Session type it unlocks',
  trackId: 'Track it unlocks',
};

const MAIL_LABELS = { to: 'To', subject: 'Subject', body: 'Text' };

interface Common {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
}

function validUntilText(item: AccessCodeItem, timezone: string): string {
  return item.validUntil ? formatInZone(item.validUntil, timezone) : 'No limit';
}

function uses(item: AccessCodeItem): string {
  return item.maxUses === null ? `${item.uses} (no limit)` : `${item.uses} of ${item.maxUses}`;
}

function unlocks(item: AccessCodeItem): string {
  const parts = [
    item.sessionType ? `session type ${item.sessionType.name}` : '',
    item.track ? `track ${item.track.name}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : '—';
}

/** The event's access codes, and the form to make one. */
export function AccessCodesPage(
  props: Common & {
    codes: AccessCodeItem[];
    sessionTypes: SessionTypeItem[];
    tracks: TrackItem[];
    linkOf: (code: string) => string;
    errors?: FormErrors | undefined;
    values?: AccessCodeFormValues | undefined;
  },
): JSX.Element {
  const { event, errors } = props;
  const base = `/orga/${event.slug}/cfp/access-codes`;
  const values = props.values ?? { code: '', validUntil: '', maxUses: '', sessionTypeId: '', trackId: '' };
  const hidden = (isPublic: boolean) => (isPublic ? '' : ' (hidden)');
  return (
    <SiteLayout
      title="Access codes"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'cfp', organiser: true }}
    >
      <p>
        <a href={`/orga/${event.slug}/cfp`}>Proposal form</a>
      </p>
      <h1>Access codes</h1>
      <p>
        A speaker with an access code may propose after the call for proposals closes (and after a session type's own
        deadline), and the form offers them the code's hidden session type or track. Send the code, or its link, to the
        speakers you invite.
      </p>
      <section aria-labelledby="codes">
        <h2 id="codes">Codes</h2>
        {props.codes.length === 0 ? (
          <p>No access codes yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">The event's access codes, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Valid until</th>
                  <th scope="col">Uses</th>
                  <th scope="col">Unlocks</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.codes.map((item) => (
                  <tr>
                    <th scope="row">
                      <a href={`${base}/${item.id}`}>
                        <code safe>{item.code}</code>
                      </a>
                    </th>
                    <td safe>{validUntilText(item, event.timezone)}</td>
                    <td safe>{uses(item)}</td>
                    <td safe>{unlocks(item)}</td>
                    <td>
                      <div class="actions">
                        <a href={`${base}/${item.id}`}>
                          Send<span class="visually-hidden" safe>{`: ${item.code}`}</span>
                        </a>
                        <RowAction
                          action={`${base}/${item.id}/delete`}
                          csrf={props.csrf}
                          label="Delete"
                          about={item.code}
                          class="button--danger"
                        />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="new-code">
        <h2 id="new-code">Make an access code</h2>
        <ErrorSummary errors={errors} labels={CODE_LABELS} />
        <form class="form" method="post" action={base} novalidate>
          <CsrfField token={props.csrf} />
          <TextField
            name="code"
            label="Code"
            value={values.code}
            maxlength={64}
            hint="Empty: Lectern draws a random one nobody can guess. Or type your own: 6 to 64 letters, digits, - or _."
            errors={errors}
          />
          <TextField
            name="validUntil"
            label="Valid until"
            type="datetime-local"
            value={values.validUntil}
            hint={`In the event's time zone, ${event.timezone}. Empty: no limit.`}
            errors={errors}
          />
          <TextField
            name="maxUses"
            label="Uses allowed"
            type="number"
            min={1}
            max={MAX_ACCESS_CODE_USES}
            value={values.maxUses}
            hint="How many proposals may be made with it. Empty: no limit."
            errors={errors}
          />
          {props.sessionTypes.length > 0 ? (
            <SelectField
              name="sessionTypeId"
              label="Session type it unlocks"
              empty="None"
              value={values.sessionTypeId}
              options={props.sessionTypes.map((type) => ({
                value: String(type.id),
                label: `${type.name}${hidden(type.isPublic)}`,
              }))}
              hint="Offered on the proposal form to the code's holder even when it is hidden."
              errors={errors}
            />
          ) : (
            ''
          )}
          {props.tracks.length > 0 ? (
            <SelectField
              name="trackId"
              label="Track it unlocks"
              empty="None"
              value={values.trackId}
              options={props.tracks.map((track) => ({
                value: String(track.id),
                label: `${track.name}${hidden(track.isPublic)}`,
              }))}
              hint="Offered on the proposal form to the code's holder even when it is hidden."
              errors={errors}
            />
          ) : (
            ''
          )}
          <div class="actions">
            <button type="submit">Make access code</button>
          </div>
        </form>
      </section>
    </SiteLayout>
  );
}

/** One access code: what it grants, its link, and the form that mails it to a speaker. */
export function AccessCodePage(
  props: Common & {
    item: AccessCodeItem;
    link: string;
    mail: AccessCodeMailValues;
    errors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, item, errors } = props;
  const base = `/orga/${event.slug}/cfp/access-codes`;
  return (
    <SiteLayout
      title={`Access code ${item.code}`}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'cfp', organiser: true }}
    >
      <p>
        <a href={base}>Access codes</a>
      </p>
      <h1>
        Access code <code safe>{item.code}</code>
      </h1>
      <dl class="facts">
        <dt>Link</dt>
        <dd>
          <code safe>{props.link}</code>
        </dd>
        <dt>Valid until</dt>
        <dd safe>{validUntilText(item, event.timezone)}</dd>
        <dt>Uses</dt>
        <dd safe>{uses(item)}</dd>
        <dt>Unlocks</dt>
        <dd safe>{unlocks(item)}</dd>
      </dl>
      <section aria-labelledby="send">
        <h2 id="send">Send it to a speaker</h2>
        <p>The mail goes out at once (it is listed in the event's outbox). The text must contain the code.</p>
        <ErrorSummary errors={errors} labels={MAIL_LABELS} />
        <form class="form" method="post" action={`${base}/${item.id}/send`} novalidate>
          <CsrfField token={props.csrf} />
          <TextField
            name="to"
            label="To"
            type="email"
            value={props.mail.to}
            required
            autocomplete="off"
            errors={errors}
          />
          <TextField
            name="subject"
            label="Subject"
            value={props.mail.subject}
            required
            maxlength={200}
            errors={errors}
          />
          <TextArea name="body" label="Text" value={props.mail.body} rows={12} required errors={errors} />
          <div class="actions">
            <button type="submit">Send access code</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="delete">
        <h2 id="delete">Delete this code</h2>
        <p>Its link stops working; proposals made with it stay as they are.</p>
        <RowAction
          action={`${base}/${item.id}/delete`}
          csrf={props.csrf}
          label="Delete access code"
          about={item.code}
          class="button--danger"
        />
      </section>
    </SiteLayout>
  );
}
