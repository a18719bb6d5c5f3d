import type { Actor } from '../../../modules/accounts/index.js';
import type {
  CategoryItem,
  EventRecord,
  ProgramTalk,
  ProgramTalkRow,
  SessionTypeItem,
  SpeakerProfileDetail,
  SpeakerProfileRow,
} from '../../../modules/program/index.js';
import type { AvailabilityWindow } from '../../../modules/schedule/index.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';
import { RowAction } from './tracks.js';

/** A talk's form as typed, so that a refused form comes back as it was sent. */
export interface TalkFormValues {
  title: string;
  description: string;
  abstract: string;
  trackId: string;
  levelId: string;
  durationMinutes: string;
  /** Absent from forms that predate them: the talk's values are left as they are. */
  expectedAudience?: string | undefined;
  language?: string | undefined;
  sessionType?: string | undefined;
  sessionTypeId?: string | undefined;
  /** "" not asked, "false" may be recorded, "true" do not record. */
  doNotRecord?: string | undefined;
  speakerIds?: string[];
  newSpeakerName?: string;
  newSpeakerBiography?: string;
}

export const TALK_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  abstract: 'Abstract',
  trackId: 'Track',
  levelId: 'Level',
  durationMinutes: 'Length in minutes',
  expectedAudience: 'Expected audience',
  language: 'Language',
  sessionType: 'Session type',
  sessionTypeId: 'Session type',
  doNotRecord: 'Recording',
  speakerIds: 'Speakers',
  speakerId: 'Speaker',
  newSpeakerName: "New speaker's name",
  newSpeakerBiography: "New speaker's bio",
  name: 'Name',
  biography: 'Bio',
};

interface PageBase {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
}

function Attention(props: { reasons: string[] }): JSX.Element {
  if (props.reasons.length === 0) return '';
  return (
    <span class="state state--waitlisted" safe>
      {`Needs attention: ${props.reasons.join(', ')}`}
    </span>
  );
}

export function TalksListPage(
  props: PageBase & {
    talks: ProgramTalkRow[];
    total: number;
    needingAttention: number;
    tracks: CategoryItem[];
    filter: { attention: boolean; track: string };
  },
): JSX.Element {
  const { event } = props;
  const base = `/orga/${event.slug}`;
  const filtered = props.filter.attention || props.filter.track !== '';
  return (
    <SiteLayout
      title="Program"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'talks', organiser: true }}
    >
      <h1>Program</h1>
      <p safe>
        {`${props.total} ${props.total === 1 ? 'talk' : 'talks'} on the program, ${props.needingAttention} needing attention.` +
          (event.published ? '' : ' The event is not published: the public does not see this program yet.')}
      </p>
      <p class="actions">
        <a class="button" href={`${base}/talks/new`}>
          Add a talk
        </a>
        <a href={`${base}/speakers`}>Speaker profiles</a>
      </p>
      <form class="filters" method="get" action={`${base}/talks`} aria-label="Filter the talks">
        <label class="choice">
          <input type="checkbox" name="attention" value="1" checked={props.filter.attention} />
          <span>Only talks needing attention</span>
        </label>
        <label for="track">Track</label>
        <select id="track" name="track">
          <option value="">All tracks</option>
          {props.tracks.map((track) => (
            <option value={String(track.id)} selected={String(track.id) === props.filter.track} safe>
              {track.name}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
        {filtered ? <a href={`${base}/talks`}>Show all</a> : ''}
      </form>
      {filtered ? (
        <p class="result-count" role="status" safe>
          {`${props.talks.length} shown.`}
        </p>
      ) : (
        ''
      )}
      {props.talks.length === 0 ? (
        <p>No talks to show.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">The program's talks, in program order</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Speakers</th>
                <th scope="col">Track</th>
                <th scope="col">Level</th>
                <th scope="col" class="number">
                  Minutes
                </th>
                <th scope="col">Attention</th>
              </tr>
            </thead>
            <tbody>
              {props.talks.map((talk) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/talks/${talk.code}`} safe>
                      {talk.title}
                    </a>
                  </th>
                  <td safe>{talk.speakers.map((s) => s.name).join(', ') || '—'}</td>
                  <td safe>{talk.track?.name ?? '—'}</td>
                  <td safe>{talk.level?.name ?? '—'}</td>
                  <td class="number" safe>
                    {talk.durationMinutes === null ? 'usual' : String(talk.durationMinutes)}
                  </td>
                  <td>
                    <Attention reasons={talk.attention} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </SiteLayout>
  );
}

function TalkFields(props: {
  values: TalkFormValues;
  errors: FormErrors | undefined;
  tracks: CategoryItem[];
  levels: CategoryItem[];
  sessionTypes: SessionTypeItem[];
  event: EventRecord;
}): JSX.Element {
  const { values, errors } = props;
  return (
    <>
      <TextField
        name="title"
        label={TALK_LABELS.title!}
        value={values.title}
        required
        maxlength={200}
        errors={errors}
      />
      <TextArea
        name="description"
        label={TALK_LABELS.description!}
        value={values.description}
        rows={4}
        maxlength={5000}
        hint="A paragraph, shown in lists. Markdown."
        errors={errors}
      />
      <TextArea
        name="abstract"
        label={TALK_LABELS.abstract!}
        value={values.abstract}
        rows={10}
        maxlength={20000}
        hint="The longer text of the talk's page. Markdown."
        errors={errors}
      />
      <SelectField
        name="trackId"
        label={TALK_LABELS.trackId!}
        value={values.trackId}
        empty="No track"
        options={props.tracks.map((t) => ({ value: String(t.id), label: t.name }))}
        errors={errors}
      />
      <SelectField
        name="levelId"
        label={TALK_LABELS.levelId!}
        value={values.levelId}
        empty="No level"
        options={props.levels.map((l) => ({ value: String(l.id), label: l.name }))}
        errors={errors}
      />
      <TextField
        name="durationMinutes"
        type="number"
        label={TALK_LABELS.durationMinutes!}
        value={values.durationMinutes}
        min={5}
        max={600}
        hint={
          props.sessionTypes.length > 0
            ? `Empty for its session type's length, or without one the usual length (${props.event.durations[0] ?? 30} minutes).`
            : `Empty for the usual length (${props.event.durations[0] ?? 30} minutes).`
        }
        errors={errors}
      />
      <TextField
        name="expectedAudience"
        type="number"
        label={TALK_LABELS.expectedAudience!}
        value={values.expectedAudience}
        min={1}
        hint="How many people you expect, if you have an idea: the schedule editor warns when the talk's room has fewer seats."
        errors={errors}
      />
      <TextField
        name="language"
        label={TALK_LABELS.language!}
        value={values.language}
        maxlength={50}
        hint={`Two letters (ISO 639-1), such as "en" or "de", or several for a talk in more than one ("de, en"). Empty for the event's language ("${props.event.language}").`}
        errors={errors}
      />
      {props.sessionTypes.length > 0 ? (
        <SelectField
          name="sessionTypeId"
          label={TALK_LABELS.sessionTypeId!}
          value={values.sessionTypeId ?? ''}
          empty="No session type"
          options={props.sessionTypes.map((type) => ({
            value: String(type.id),
            label: `${type.name} (${type.durationMinutes} minutes)`,
          }))}
          hint="Its length is the talk's when the talk has none of its own; exports name it as the talk's type."
          errors={errors}
        />
      ) : (
        <TextField
          name="sessionType"
          label={TALK_LABELS.sessionType!}
          value={values.sessionType ?? ''}
          maxlength={200}
          hint="What kind of session it is, such as Talk, Workshop or DJ Set, as the schedule files carry it. Empty when it does not matter."
          errors={errors}
        />
      )}
      <SelectField
        name="doNotRecord"
        label={TALK_LABELS.doNotRecord!}
        value={values.doNotRecord ?? ''}
        empty="Not asked"
        options={[
          { value: 'false', label: 'May be recorded' },
          { value: 'true', label: 'Do not record' },
        ]}
        hint="What the speakers said about being recorded. Recording teams read it from the schedule files; nothing is written there until the speakers were asked."
        errors={errors}
      />
    </>
  );
}

function NewSpeakerFields(props: {
  values: { newSpeakerName?: string; newSpeakerBiography?: string };
  errors: FormErrors | undefined;
}): JSX.Element {
  return (
    <>
      <TextField
        name="newSpeakerName"
        label={TALK_LABELS.newSpeakerName!}
        value={props.values.newSpeakerName}
        maxlength={120}
        hint="For someone without a speaker profile at this event yet."
        errors={props.errors}
      />
      <TextArea
        name="newSpeakerBiography"
        label={TALK_LABELS.newSpeakerBiography!}
        value={props.values.newSpeakerBiography}
        rows={4}
        maxlength={10000}
        hint="Markdown."
        errors={props.errors}
      />
    </>
  );
}

export function NewTalkPage(
  props: PageBase & {
    tracks: CategoryItem[];
    levels: CategoryItem[];
    sessionTypes: SessionTypeItem[];
    speakers: SpeakerProfileRow[];
    values: TalkFormValues;
    errors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, values, errors } = props;
  const chosen = new Set(values.speakerIds ?? []);
  const describedBy = ['speakerIds-hint', errors?.speakerIds ? 'speakerIds-error' : ''].filter(Boolean).join(' ');
  return (
    <SiteLayout
      title="Add a talk"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'talks', organiser: true }}
    >
      <p>
        <a href={`/orga/${event.slug}/talks`}>Program</a>
      </p>
      <h1>Add a talk to the program</h1>
      <p>
        The talk goes on the program at once (confirmed), after the others. Its address comes from its title and stays
        when the title changes.
      </p>
      <ErrorSummary errors={errors} labels={TALK_LABELS} />
      <form class="form" method="post" action={`/orga/${event.slug}/talks`} novalidate>
        <CsrfField token={props.csrf} />
        <TalkFields
          values={values}
          errors={errors}
          tracks={props.tracks}
          levels={props.levels}
          sessionTypes={props.sessionTypes}
          event={event}
        />
        <fieldset class="field">
          <legend>Speakers (at least one)</legend>
          <div class="field">
            <label for="speakerIds">Speaker profiles</label>
            <select
              id="speakerIds"
              name="speakerIds"
              multiple="multiple"
              size="8"
              aria-describedby={describedBy}
              aria-invalid={errors?.speakerIds ? 'true' : undefined}
            >
              {props.speakers.map((speaker) => (
                <option value={String(speaker.id)} selected={chosen.has(String(speaker.id))} safe>
                  {speaker.name}
                </option>
              ))}
            </select>
            <p class="hint" id="speakerIds-hint">
              Choose one or several (Ctrl or ⌘ and click). Change their order on the talk's page afterwards.
            </p>
            {errors?.speakerIds ? (
              <p class="error" id="speakerIds-error" safe>
                {errors.speakerIds}
              </p>
            ) : (
              ''
            )}
          </div>
          <NewSpeakerFields values={values} errors={errors} />
        </fieldset>
        <div class="actions">
          <button type="submit">Add talk</button>
        </div>
      </form>
    </SiteLayout>
  );
}

export function EditTalkPage(
  props: PageBase & {
    talk: ProgramTalk;
    tracks: CategoryItem[];
    levels: CategoryItem[];
    sessionTypes: SessionTypeItem[];
    speakers: SpeakerProfileRow[];
    values: TalkFormValues;
    errors?: FormErrors | undefined;
    speakerValues?: { speakerId?: string; newSpeakerName?: string; newSpeakerBiography?: string };
    speakerErrors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, talk, errors } = props;
  const at = `/orga/${event.slug}/talks/${talk.code}`;
  const onTalk = new Set(talk.speakers.map((s) => s.id));
  return (
    <SiteLayout
      title={`Talk: ${talk.title}`}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'talks', organiser: true }}
    >
      <p>
        <a href={`/orga/${event.slug}/talks`}>Program</a>
      </p>
      <h1 safe>{talk.title}</h1>
      <p>
        Public address: <a href={`/${event.slug}/talks/${talk.slug}`} safe>{`/${event.slug}/talks/${talk.slug}`}</a>
        {event.published ? '' : ' (the event is not published yet)'}
        {talk.source === 'talks-page'
          ? '. Imported from the talks page: importing the file again overwrites changes made here.'
          : ''}
      </p>
      {talk.attention.length > 0 ? (
        <div class="warning-box" role="note">
          <p
            safe
          >{`This talk needs attention: ${talk.attention.join(', ')}. Fixing the title or adding a speaker clears the matching flag.`}</p>
          <RowAction
            action={`${at}/checked`}
            csrf={props.csrf}
            label="It is right as it is: clear the flags"
            about={talk.title}
          />
        </div>
      ) : (
        ''
      )}
      <ErrorSummary errors={errors} labels={TALK_LABELS} />
      <section aria-labelledby="details">
        <h2 id="details">Details</h2>
        <form class="form" method="post" action={at} novalidate>
          <CsrfField token={props.csrf} />
          <TalkFields
            values={props.values}
            errors={errors}
            tracks={props.tracks}
            levels={props.levels}
            sessionTypes={props.sessionTypes}
            event={event}
          />
          <div class="actions">
            <button type="submit">Save talk</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="speakers">
        <h2 id="speakers">Speakers</h2>
        {talk.speakers.length === 0 ? (
          <p>This talk has no speaker.</p>
        ) : (
          <ol>
            {talk.speakers.map((speaker, i) => (
              <li>
                <a href={`/orga/${event.slug}/speakers/${speaker.id}`} safe>
                  {speaker.name}
                </a>
                {speaker.hasAccount ? ' (has an account)' : ''}{' '}
                <span class="actions">
                  <RowAction
                    action={`${at}/speakers/${speaker.id}/move`}
                    csrf={props.csrf}
                    label="Up"
                    about={speaker.name}
                    hidden={{ direction: 'up' }}
                    disabled={i === 0}
                  />
                  <RowAction
                    action={`${at}/speakers/${speaker.id}/move`}
                    csrf={props.csrf}
                    label="Down"
                    about={speaker.name}
                    hidden={{ direction: 'down' }}
                    disabled={i === talk.speakers.length - 1}
                  />
                  <RowAction
                    action={`${at}/speakers/${speaker.id}/remove`}
                    csrf={props.csrf}
                    label="Remove"
                    about={speaker.name}
                  />
                </span>
              </li>
            ))}
          </ol>
        )}
        <h3>Add a speaker</h3>
        <ErrorSummary errors={props.speakerErrors} labels={TALK_LABELS} />
        <form class="form" method="post" action={`${at}/speakers`} novalidate>
          <CsrfField token={props.csrf} />
          <SelectField
            name="speakerId"
            label="An existing speaker profile"
            empty="None: a new speaker (below)"
            value={props.speakerValues?.speakerId}
            options={props.speakers
              .filter((s) => !onTalk.has(s.id))
              .map((s) => ({ value: String(s.id), label: s.name }))}
            errors={props.speakerErrors}
          />
          <NewSpeakerFields values={props.speakerValues ?? {}} errors={props.speakerErrors} />
          <div class="actions">
            <button type="submit">Add speaker</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="remove">
        <h2 id="remove">Take off the program</h2>
        <p>
          Cancelling keeps the talk, with its reviews, among the proposals as withdrawn; it leaves the public program.
          Deleting removes it for good.
        </p>
        <div class="actions">
          <RowAction action={`${at}/cancel`} csrf={props.csrf} label="Cancel talk" about={talk.title} />
          <a class="button button--danger" href={`${at}/delete`}>
            Delete talk…
          </a>
        </div>
      </section>
    </SiteLayout>
  );
}

export function DeleteTalkPage(props: PageBase & { talk: ProgramTalk }): JSX.Element {
  const { event, talk } = props;
  const at = `/orga/${event.slug}/talks/${talk.code}`;
  return (
    <SiteLayout
      title={`Delete: ${talk.title}`}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'talks', organiser: true }}
    >
      <h1 safe>{`Delete "${talk.title}"?`}</h1>
      <p>
        The talk, its reviews and its answers are deleted for good, and its public page goes away. Its speakers'
        profiles stay. To keep it among the proposals instead, cancel it.
      </p>
      <div class="actions">
        <RowAction
          action={`${at}/delete`}
          csrf={props.csrf}
          label="Delete for good"
          about={talk.title}
          class="button--danger"
        />
        <a href={at}>Keep it</a>
      </div>
    </SiteLayout>
  );
}

export function SpeakersListPage(props: PageBase & { speakers: SpeakerProfileRow[] }): JSX.Element {
  const { event } = props;
  return (
    <SiteLayout
      title="Speaker profiles"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'talks', organiser: true }}
    >
      <p>
        <a href={`/orga/${event.slug}/talks`}>Program</a>
      </p>
      <h1>Speaker profiles</h1>
      {props.speakers.length === 0 ? (
        <p>No speakers yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">The event's speaker profiles, by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Account</th>
                <th scope="col" class="number">
                  Talks and proposals
                </th>
              </tr>
            </thead>
            <tbody>
              {props.speakers.map((speaker) => (
                <tr>
                  <th scope="row">
                    <a href={`/orga/${event.slug}/speakers/${speaker.id}`} safe>
                      {speaker.name}
                    </a>
                  </th>
                  <td>{speaker.hasAccount ? 'Yes' : 'No'}</td>
                  <td class="number" safe>
                    {String(speaker.talkCount)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </SiteLayout>
  );
}

export function SpeakerPage(
  props: PageBase & {
    speaker: SpeakerProfileDetail;
    /** When they said they can speak; none means any time. */
    availability: AvailabilityWindow[];
    values: { name: string; biography: string };
    errors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, speaker, errors } = props;
  return (
    <SiteLayout
      title={`Speaker: ${speaker.name}`}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'talks', organiser: true }}
    >
      <p>
        <a href={`/orga/${event.slug}/speakers`}>Speaker profiles</a>
      </p>
      <h1 safe>{speaker.name}</h1>
      <p safe>
        {`Public address: /${event.slug}/speakers/${speaker.slug} (kept when the name changes).` +
          (speaker.hasAccount ? ' This speaker has an account and may edit this profile too.' : '')}
      </p>
      <ErrorSummary errors={errors} labels={TALK_LABELS} />
      <form class="form" method="post" action={`/orga/${event.slug}/speakers/${speaker.id}`} novalidate>
        <CsrfField token={props.csrf} />
        <TextField name="name" label="Name" value={props.values.name} required maxlength={120} errors={errors} />
        <TextArea
          name="biography"
          label="Bio"
          value={props.values.biography}
          rows={8}
          maxlength={10000}
          hint="Markdown."
          errors={errors}
        />
        <div class="actions">
          <button type="submit">Save speaker</button>
        </div>
      </form>
      <h2>Availability</h2>
      {props.availability.length === 0 ? (
        <p>
          {speaker.hasAccount
            ? 'Any time: they have stated no times.'
            : 'Any time: speakers state their times in their own profile.'}
        </p>
      ) : (
        <>
          <p safe>{`They can speak only at these times (${event.timezone}):`}</p>
          <ul>
            {props.availability.map((window) => (
              <li safe>{window.label}</li>
            ))}
          </ul>
        </>
      )}
      <h2>Talks and proposals</h2>
      {speaker.talks.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {speaker.talks.map((talk) => (
            <li>
              {talk.state === 'confirmed' ? (
                <a href={`/orga/${event.slug}/talks/${talk.code}`} safe>
                  {talk.title}
                </a>
              ) : (
                <span safe>{talk.title}</span>
              )}{' '}
              <span class={`state state--${talk.state}`}>{talk.state}</span>
            </li>
          ))}
        </ul>
      )}
    </SiteLayout>
  );
}
