import type { Actor } from '../../../modules/accounts/index.js';
import type { EventRecord, SessionTypeInput, SessionTypeItem } from '../../../modules/program/index.js';
import { formatInZone } from '../../../shared/time.js';
import { Checkbox, CsrfField, ErrorSummary, SelectField, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';
import { RowAction } from './tracks.js';

export type SessionTypeFormValues = SessionTypeInput;

const LABELS = {
  name: 'Name',
  durationMinutes: 'Duration in minutes',
  deadline: 'Own deadline',
  maxSpeakers: 'Most speakers per proposal',
  isPublic: 'Offered on the proposal form',
  moveTo: 'Move to',
};

function speakerLimit(item: SessionTypeItem): string {
  return item.maxSpeakers === null ? 'No limit' : `${item.maxSpeakers} speaker${item.maxSpeakers === 1 ? '' : 's'}`;
}

function deadlineText(item: SessionTypeItem, timezone: string): string {
  return item.deadline ? formatInZone(item.deadline, timezone) : 'None';
}

function SessionTypeFields(props: {
  values: SessionTypeFormValues | undefined;
  errors: FormErrors | undefined;
  timezone: string;
}): JSX.Element {
  const values = props.values;
  return (
    <>
      <TextField name="name" label={LABELS.name} value={values?.name} required maxlength={80} errors={props.errors} />
      <TextField
        name="durationMinutes"
        label={LABELS.durationMinutes}
        type="number"
        min={1}
        max={1440}
        value={values?.durationMinutes}
        required
        hint="The length of its talks in the schedule, unless a talk has a length of its own."
        errors={props.errors}
      />
      <TextField
        name="deadline"
        label={LABELS.deadline}
        type="datetime-local"
        value={values?.deadline}
        hint={`In the event's time zone (${props.timezone}). Leave empty to take proposals until the call for proposals closes.`}
        errors={props.errors}
      />
      <TextField
        name="maxSpeakers"
        label={LABELS.maxSpeakers}
        type="number"
        min={1}
        max={50}
        value={values?.maxSpeakers}
        hint="The submitter and their co-speakers together; 1 allows no co-speaker. Leave empty for no limit."
        errors={props.errors}
      />
      <Checkbox
        name="isPublic"
        label={LABELS.isPublic}
        checked={values?.isPublic ?? true}
        hint="Untick to keep the type for talks the organisers put in it."
        errors={props.errors}
      />
    </>
  );
}

export function SessionTypesPage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  items: SessionTypeItem[];
  errors?: FormErrors | undefined;
  values?: SessionTypeFormValues | undefined;
}): JSX.Element {
  const { event, items } = props;
  const base = `/orga/${event.slug}/session-types`;
  return (
    <SiteLayout
      title="Session types"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'session-types', organiser: true }}
    >
      <h1>Session types</h1>
      <p>
        The kinds of session the event takes proposals for, such as a 30-minute talk or a 90-minute workshop. While the
        event has none, the proposal form asks for none.
      </p>
      <ErrorSummary errors={props.errors} labels={LABELS} />
      {items.length === 0 ? (
        <p>No session types yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">The event's session types, in the proposal form's order</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col" class="number">
                  Minutes
                </th>
                <th scope="col">Own deadline</th>
                <th scope="col">Speakers</th>
                <th scope="col">On the form</th>
                <th scope="col" class="number">
                  Talks and proposals
                </th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, i) => {
                const at = `${base}/${item.id}`;
                return (
                  <tr>
                    <th scope="row">
                      <a href={at} safe>
                        {item.name}
                      </a>
                    </th>
                    <td>
                      <code safe>{item.slug}</code>
                    </td>
                    <td class="number" safe>
                      {String(item.durationMinutes)}
                    </td>
                    <td safe>{deadlineText(item, event.timezone)}</td>
                    <td safe>{speakerLimit(item)}</td>
                    <td>{item.isPublic ? 'Yes' : 'No (hidden)'}</td>
                    <td class="number" safe>
                      {String(item.talkCount)}
                    </td>
                    <td>
                      <div class="actions">
                        <RowAction
                          action={`${at}/move`}
                          csrf={props.csrf}
                          label="Up"
                          about={item.name}
                          hidden={{ direction: 'up' }}
                          disabled={i === 0}
                        />
                        <RowAction
                          action={`${at}/move`}
                          csrf={props.csrf}
                          label="Down"
                          about={item.name}
                          hidden={{ direction: 'down' }}
                          disabled={i === items.length - 1}
                        />
                        <a href={at}>
                          Change or delete<span class="visually-hidden" safe>{`: ${item.name}`}</span>
                        </a>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="add">
        <h2 id="add">Add a session type</h2>
        <form class="form" method="post" action={base} novalidate>
          <CsrfField token={props.csrf} />
          <SessionTypeFields values={props.values} errors={props.errors} timezone={event.timezone} />
          <div class="actions">
            <button type="submit">Add session type</button>
          </div>
        </form>
      </section>
    </SiteLayout>
  );
}

/** One session type: change it, or delete it (moving its talks and proposals to another). */
export function SessionTypePage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  item: SessionTypeItem;
  others: SessionTypeItem[];
  errors?: FormErrors | undefined;
  values: SessionTypeFormValues & { moveTo?: string };
}): JSX.Element {
  const { event, item, errors } = props;
  const at = `/orga/${event.slug}/session-types/${item.id}`;
  const used = item.talkCount > 0;
  return (
    <SiteLayout
      title={`Session type: ${item.name}`}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'session-types', organiser: true }}
    >
      <p>
        <a href={`/orga/${event.slug}/session-types`}>Session types</a>
      </p>
      <h1 safe>{`Session type: ${item.name}`}</h1>
      <p safe>
        {`Slug: ${item.slug} (kept when the name changes; the public program filters by it). ${item.talkCount} ${item.talkCount === 1 ? 'talk or proposal is' : 'talks and proposals are'} of this type.`}
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <section aria-labelledby="change">
        <h2 id="change">Change</h2>
        <form class="form" method="post" action={at} novalidate>
          <CsrfField token={props.csrf} />
          <SessionTypeFields values={props.values} errors={errors} timezone={event.timezone} />
          <div class="actions">
            <button type="submit">Save session type</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="delete">
        <h2 id="delete">Delete this session type</h2>
        <form class="form" method="post" action={`${at}/delete`} novalidate>
          <CsrfField token={props.csrf} />
          <SelectField
            name="moveTo"
            label="Move its talks and proposals to"
            empty={used ? 'Choose…' : 'Nowhere: it has none'}
            value={props.values.moveTo}
            options={props.others.map((other) => ({ value: String(other.id), label: other.name }))}
            hint={
              used
                ? `${item.talkCount} ${item.talkCount === 1 ? 'talk or proposal is' : 'talks and proposals are'} of this type: they move to the type you choose. Questions asked only of this type are deleted with it.`
                : 'No talk is of this type. Questions asked only of this type are deleted with it.'
            }
            errors={errors}
          />
          <div class="actions">
            <button type="submit" class="button--danger">
              Delete session type
            </button>
          </div>
        </form>
      </section>
    </SiteLayout>
  );
}
