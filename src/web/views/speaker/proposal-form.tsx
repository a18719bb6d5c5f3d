import type { SpeakerProfile } from '../../../modules/cfp/index.js';
import {
  BUILT_IN_FIELD_LABELS,
  effectiveSetting,
  questionField,
  MAX_ABSTRACT,
  MAX_BIOGRAPHY,
  MAX_DESCRIPTION,
  MAX_NOTES,
  MAX_SPEAKER_NAME,
  MAX_TEXT_ANSWER,
  MAX_TITLE,
  type ProposalForm,
  type SessionTypeChoice,
} from '../../../modules/cfp/index.js';
import { formatInZone } from '../../../shared/time.js';
import { CsrfField, ErrorSummary, RadioGroup, SelectField, TextArea, TextField, type FormErrors } from '../forms.js';
import { SpeakerLayout, type SpeakerPageProps } from './layout.js';

/** What the proposal form shows in its fields: what was stored, or what was just typed. */
export interface ProposalFormValues {
  title?: string | undefined;
  description?: string | undefined;
  abstract?: string | undefined;
  track?: string | undefined;
  level?: string | undefined;
  duration?: string | undefined;
  sessionType?: string | undefined;
  notes?: string | undefined;
  speakerName?: string | undefined;
  biography?: string | undefined;
  /** Question id → answer. */
  answers?: Record<number, string | undefined>;
}

/** The labels the error summary uses for each field of the form. */
export function proposalFieldLabels(form: ProposalForm): Record<string, string> {
  const labels: Record<string, string> = {
    title: 'Title',
    description: 'Description',
    ...BUILT_IN_FIELD_LABELS,
    speakerName: 'Your name',
    biography: 'Your biography',
    sessionType: 'Session type',
    accessCode: 'Access code',
  };
  for (const question of form.questions) labels[questionField(question.id)] = question.label;
  return labels;
}

/** A warning (it does not block) when anonymised review is on and the text gives its speakers away. */
export function NameWarning(props: { names: string[]; eventName: string }): JSX.Element {
  if (props.names.length === 0) return '';
  return (
    <div class="warning-box" role="status">
      <p>
        <strong>Reviews are anonymous at </strong>
        <strong safe>{props.eventName}</strong>
        <strong>.</strong>{' '}
        <span
          safe
        >{`The title, description, abstract or an answer reviewers see names ${props.names.join(', ')}: reviewers would know who proposed the talk. Consider rewording it (you can still save as it is).`}</span>
      </p>
    </div>
  );
}

/** "Workshop, 90 minutes (until Mon 1 Jun 2026, 12:00 CEST; at most 2 speakers)". */
export function sessionTypeLabel(type: SessionTypeChoice, timezone: string): string {
  const notes = [
    type.deadline ? `until ${formatInZone(type.deadline, timezone)}` : '',
    type.maxSpeakers === null ? '' : `at most ${type.maxSpeakers} speaker${type.maxSpeakers === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return `${type.name}, ${type.durationMinutes} minutes${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** The fields of the proposal form, built from the event's settings and questions. */
export function ProposalFields(props: {
  form: ProposalForm;
  values: ProposalFormValues;
  errors: FormErrors | undefined;
  /** Ask for the speaker's name and biography (their first proposal, or a missing biography). */
  askProfile: boolean;
  profile: SpeakerProfile | undefined;
  /** The event's time zone, for session types' deadlines. */
  timezone: string;
}): JSX.Element {
  const { form, values, errors, timezone } = props;
  const setting = (field: Parameters<typeof effectiveSetting>[1]) => effectiveSetting(form, field);
  const durationOptions = form.durations.map((d) => ({ value: String(d), label: `${d} minutes` }));
  return (
    <>
      <TextField name="title" label="Title" value={values.title} required maxlength={MAX_TITLE} errors={errors} />
      <TextArea
        name="description"
        label="Description"
        value={values.description}
        required
        rows={6}
        maxlength={MAX_DESCRIPTION}
        hint="A paragraph or two: what the talk is about and who it is for. Markdown works."
        errors={errors}
      />
      {setting('abstract') !== 'hidden' ? (
        <TextArea
          name="abstract"
          label="Abstract"
          value={values.abstract}
          required={setting('abstract') === 'required'}
          rows={10}
          maxlength={MAX_ABSTRACT}
          hint="The longer text of your talk: outline, what people will learn. Markdown works."
          errors={errors}
        />
      ) : (
        ''
      )}
      {setting('track') !== 'hidden' ? (
        <SelectField
          name="track"
          label="Track"
          value={values.track}
          required={setting('track') === 'required'}
          empty={setting('track') === 'required' ? 'Choose a track' : 'No preference'}
          options={form.tracks.map((t) => ({ value: t.slug, label: t.name }))}
          errors={errors}
        />
      ) : (
        ''
      )}
      {setting('level') !== 'hidden' ? (
        <SelectField
          name="level"
          label="Level"
          value={values.level}
          required={setting('level') === 'required'}
          empty={setting('level') === 'required' ? 'Choose a level' : 'No preference'}
          options={form.levels.map((l) => ({ value: l.slug, label: l.name }))}
          hint="The audience your talk expects."
          errors={errors}
        />
      ) : (
        ''
      )}
      {form.sessionTypes.length > 0 ? (
        <RadioGroup
          name="sessionType"
          label="Session type"
          value={values.sessionType}
          required
          options={form.sessionTypes.map((type) => ({ value: type.slug, label: sessionTypeLabel(type, timezone) }))}
          hint="The kind of session you propose; its length is the talk's length in the schedule."
          errors={errors}
        />
      ) : (
        ''
      )}
      {setting('duration') !== 'hidden' ? (
        <SelectField
          name="duration"
          label="Talk length"
          value={values.duration}
          required={setting('duration') === 'required'}
          empty={setting('duration') === 'required' ? 'Choose a length' : 'No preference'}
          options={durationOptions}
          errors={errors}
        />
      ) : (
        ''
      )}
      {form.questions.map((question) => {
        const name = questionField(question.id);
        // A question for one session type: asked (and required) only of proposals of that type.
        const forType =
          question.sessionTypeId === null ? undefined : form.sessionTypes.find((t) => t.id === question.sessionTypeId);
        if (question.sessionTypeId !== null && !forType) return '';
        const required = question.required && !forType;
        const hint = [
          forType ? `For ${forType.name} proposals only${question.required ? ', which must answer it' : ''}.` : '',
          question.helpText,
          question.isPublic ? 'Shown on the talk’s page if it joins the program.' : '',
        ]
          .filter(Boolean)
          .join(' ');
        const value = values.answers?.[question.id];
        if (question.kind === 'text') {
          return (
            <TextArea
              name={name}
              label={question.label}
              value={value}
              required={required}
              rows={3}
              maxlength={MAX_TEXT_ANSWER}
              hint={hint || undefined}
              errors={errors}
            />
          );
        }
        const options =
          question.kind === 'boolean'
            ? [
                { value: 'yes', label: 'Yes' },
                { value: 'no', label: 'No' },
              ]
            : question.choices.map((choice) => ({ value: choice, label: choice }));
        return (
          <SelectField
            name={name}
            label={question.label}
            value={value}
            required={required}
            empty={required ? 'Choose an answer' : 'No answer'}
            options={options}
            hint={hint || undefined}
            errors={errors}
          />
        );
      })}
      {setting('notes') !== 'hidden' ? (
        <TextArea
          name="notes"
          label="Notes to the organisers"
          value={values.notes}
          required={setting('notes') === 'required'}
          rows={3}
          maxlength={MAX_NOTES}
          hint="Only the organisers read these: dates you cannot make, equipment you need."
          errors={errors}
        />
      ) : (
        ''
      )}
      {props.askProfile ? (
        <fieldset class="field">
          <legend>About you</legend>
          <p class="hint">
            {props.profile
              ? 'Your speaker profile at this event has no biography yet. It is shown with your talk if it joins the program.'
              : 'Your speaker profile at this event: shown with your talk if it joins the program. You can change it later under “Your speaker profile”.'}
          </p>
          <TextField
            name="speakerName"
            label="Your name"
            value={values.speakerName}
            required
            autocomplete="name"
            maxlength={MAX_SPEAKER_NAME}
            hint="As the program should show it."
            errors={errors}
          />
          <TextArea
            name="biography"
            label="Your biography"
            value={values.biography}
            required
            rows={5}
            maxlength={MAX_BIOGRAPHY}
            hint="A few sentences about you, in the third person. Markdown works."
            errors={errors}
          />
        </fieldset>
      ) : (
        ''
      )}
    </>
  );
}

/** The buttons of the proposal form: a draft can be saved or submitted; a submitted proposal saved. */
export function ProposalButtons(props: { state: 'new' | 'draft' | 'submitted' }): JSX.Element {
  if (props.state === 'submitted') {
    return (
      <div class="actions">
        <button type="submit" name="intent" value="submit">
          Save changes
        </button>
      </div>
    );
  }
  return (
    <div class="actions">
      <button type="submit" name="intent" value="submit">
        Submit proposal
      </button>
      <button type="submit" name="intent" value="draft" class="button--secondary">
        Save as draft
      </button>
    </div>
  );
}

export function SubmitPage(
  props: SpeakerPageProps & {
    form: ProposalForm;
    profile: SpeakerProfile | undefined;
    askProfile: boolean;
    closed: string | undefined;
    values: ProposalFormValues;
    errors?: FormErrors | undefined;
    nameWarnings: string[];
    /** The event's time zone, for session types' deadlines. */
    timezone: string;
    /** The access code the speaker brought (empty for none): carried with the form, checked when it is sent. */
    accessCode: string;
  },
): JSX.Element {
  const { event } = props;
  const codeError = props.errors?.accessCode;
  return (
    <SpeakerLayout {...props} title="Propose a talk" section="cfp">
      <h1 safe>{`Propose a talk to ${event.name}`}</h1>
      {props.closed ? (
        <>
          <p class="flash flash--error" role="alert" safe>
            {props.closed}
          </p>
          {codeError ? (
            <form class="form" method="get" action={`/${event.slug}/cfp/submit`} novalidate>
              <ErrorSummary errors={{ access_code: codeError }} labels={{ access_code: 'Access code' }} />
              <TextField
                name="access_code"
                label="Access code"
                value={props.accessCode}
                maxlength={64}
                errors={{ access_code: codeError }}
              />
              <div class="actions">
                <button type="submit">Use this code</button>
              </div>
            </form>
          ) : (
            ''
          )}
          <p>
            <a href={`/${event.slug}/me/proposals`}>See your proposals</a>
          </p>
        </>
      ) : (
        <>
          <p>
            Fields marked “required” must be filled in to submit. A draft needs only a title: save one and come back to
            it until the call for proposals closes.
          </p>
          <ErrorSummary errors={props.errors} labels={proposalFieldLabels(props.form)} />
          <NameWarning names={props.nameWarnings} eventName={event.name} />
          <form class="form" method="post" action={`/${event.slug}/cfp/submit`} novalidate>
            <CsrfField token={props.csrf} />
            <ProposalFields
              timezone={props.timezone}
              form={props.form}
              values={props.values}
              errors={props.errors}
              askProfile={props.askProfile}
              profile={props.profile}
            />
            {props.accessCode !== '' || codeError ? (
              <TextField
                name="accessCode"
                label="Access code"
                value={props.accessCode}
                maxlength={64}
                hint="The code the organisers sent you. It lets you propose what the call for proposals alone would not."
                errors={props.errors}
              />
            ) : (
              ''
            )}
            <ProposalButtons state="new" />
          </form>
        </>
      )}
    </SpeakerLayout>
  );
}
