import type { Actor } from '../../../modules/accounts/index.js';
import {
  BUILT_IN_FIELDS,
  BUILT_IN_FIELD_LABELS,
  QUESTION_KIND_LABELS,
  QUESTION_KINDS,
  MAX_CFP_INTRO,
  type ProposalForm,
  type Question,
} from '../../../modules/cfp/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import { Checkbox, CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';

interface Common {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
}

export interface QuestionFormValues {
  label?: string | undefined;
  helpText?: string | undefined;
  kind?: string | undefined;
  choices?: string | undefined;
  required?: boolean | undefined;
  isPublic?: boolean | undefined;
  /** A session type's id, or empty for every proposal. */
  sessionTypeId?: string | undefined;
  visibleToReviewers?: boolean | undefined;
}

const SETTING_OPTIONS = [
  { value: 'required', label: 'Required' },
  { value: 'optional', label: 'Optional' },
  { value: 'hidden', label: 'Hidden' },
];

const QUESTION_LABELS = {
  label: 'Question',
  helpText: 'Help text',
  kind: 'Kind',
  choices: 'Choices',
  sessionTypeId: 'Asked of',
};

function QuestionFields(props: {
  values: QuestionFormValues;
  errors: FormErrors | undefined;
  sessionTypes: ProposalForm['sessionTypes'];
}): JSX.Element {
  const { values, errors } = props;
  return (
    <>
      <TextField name="label" label="Question" value={values.label} required maxlength={200} errors={errors} />
      <TextField
        name="helpText"
        label="Help text"
        value={values.helpText}
        maxlength={500}
        hint="Shown under the question on the proposal form. Optional."
        errors={errors}
      />
      <SelectField
        name="kind"
        label="Kind"
        value={values.kind ?? 'text'}
        options={QUESTION_KINDS.map((kind) => ({ value: kind, label: QUESTION_KIND_LABELS[kind] }))}
        errors={errors}
      />
      <TextArea
        name="choices"
        label="Choices"
        value={values.choices}
        rows={4}
        hint="For choice questions only: one choice per line, at least two."
        errors={errors}
      />
      {props.sessionTypes.length > 0 ? (
        <SelectField
          name="sessionTypeId"
          label="Asked of"
          value={values.sessionTypeId ?? ''}
          empty="Every proposal"
          options={props.sessionTypes.map((type) => ({ value: String(type.id), label: `${type.name} proposals only` }))}
          errors={errors}
        />
      ) : (
        ''
      )}
      <Checkbox
        name="required"
        label="Speakers must answer it to submit"
        checked={values.required ?? false}
        errors={errors}
      />
      <Checkbox
        name="isPublic"
        label="Public: show the answer on the talk’s page once it is on the program"
        checked={values.isPublic ?? false}
        errors={errors}
      />
      <Checkbox
        name="hiddenFromReviewers"
        label="Hidden from reviewers under anonymised review"
        checked={values.visibleToReviewers === false}
        hint="For answers that identify the speaker, such as a handle or a company. Organisers always see them."
        errors={errors}
      />
    </>
  );
}

function MoveButton(props: { action: string; csrf: string; direction: 'up' | 'down'; label: string }): JSX.Element {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="direction" value={props.direction} />
      <button type="submit" class="button--secondary">
        {props.direction === 'up' ? 'Up' : 'Down'}
        <span class="visually-hidden" safe>{`: move “${props.label}” ${props.direction}`}</span>
      </button>
    </form>
  );
}

/** The organisers' page for the proposal form: built-in fields, talk lengths and the event's own questions. */
export function CfpFormPage(
  props: Common & {
    form: ProposalForm;
    settingsValues?:
      { fields: Record<string, string | undefined>; durations: string; intro?: string | undefined } | undefined;
    settingsErrors?: FormErrors | undefined;
    questionValues?: QuestionFormValues | undefined;
    questionErrors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, form } = props;
  const base = `/orga/${event.slug}/cfp`;
  const fieldValue = (field: (typeof BUILT_IN_FIELDS)[number]) =>
    props.settingsValues?.fields[field] ?? form.fields[field];
  return (
    <SiteLayout
      title="Proposal form"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'cfp', organiser: true }}
    >
      <h1>Proposal form</h1>
      <p>
        What speakers fill in to propose a talk. <a href={`/${event.slug}/cfp`}>See the call for proposals page</a>. The
        opening and closing times are in the <a href={`/orga/${event.slug}/settings`}>event settings</a>.
      </p>
      <p>
        <a href={`${base}/access-codes`}>Access codes</a>: let invited speakers propose after the deadline, or a hidden
        session type or track.
      </p>

      <section aria-labelledby="fields">
        <h2 id="fields">Fields</h2>
        <p>Title and description are always required. The other fields can be required, optional or hidden.</p>
        <ErrorSummary
          errors={props.settingsErrors}
          labels={{ ...BUILT_IN_FIELD_LABELS, durations: 'Talk lengths', intro: 'Introduction' }}
        />
        <form class="form" method="post" action={base} novalidate>
          <CsrfField token={props.csrf} />
          {BUILT_IN_FIELDS.map((field) => (
            <SelectField
              name={field}
              label={BUILT_IN_FIELD_LABELS[field]}
              value={fieldValue(field)}
              options={SETTING_OPTIONS}
              hint={
                field === 'track' && form.tracks.length === 0
                  ? 'The event has no tracks yet: the field stays hidden until it has some.'
                  : field === 'notes'
                    ? 'Only organisers read the notes.'
                    : undefined
              }
              errors={props.settingsErrors}
            />
          ))}
          <TextField
            name="durations"
            label="Talk lengths"
            value={props.settingsValues?.durations ?? form.durations.join(', ')}
            required
            hint="In minutes, separated by commas, e.g. “30, 45”."
            errors={props.settingsErrors}
          />
          <TextArea
            name="intro"
            label="Introduction"
            value={props.settingsValues?.intro ?? event.cfpIntro}
            rows={8}
            maxlength={MAX_CFP_INTRO}
            hint="Shown at the top of the call for proposals page: what you are looking for, who should propose. Markdown. Optional."
            errors={props.settingsErrors}
          />
          <div class="actions">
            <button type="submit">Save fields</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="questions">
        <h2 id="questions">Questions</h2>
        {form.questions.length === 0 ? (
          <p>No questions of your own yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">The event's questions, in the order the form asks them</caption>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Required</th>
                  <th scope="col">Answers are</th>
                  {form.sessionTypes.length > 0 ? <th scope="col">Asked of</th> : ''}
                  <th scope="col">Order</th>
                </tr>
              </thead>
              <tbody>
                {form.questions.map((question, index) => (
                  <tr>
                    <td>
                      <a href={`${base}/questions/${question.id}`} safe>
                        {question.label}
                      </a>
                      {question.kind === 'choice' ? (
                        <div class="hint" safe>
                          {question.choices.join(' · ')}
                        </div>
                      ) : (
                        ''
                      )}
                    </td>
                    <td safe>{QUESTION_KIND_LABELS[question.kind]}</td>
                    <td>{question.required ? 'Required' : 'Optional'}</td>
                    <td>
                      {question.isPublic ? 'Public' : 'Private'}
                      {question.visibleToReviewers ? '' : ', hidden from reviewers'}
                    </td>
                    {form.sessionTypes.length > 0 ? (
                      <td safe>
                        {form.sessionTypes.find((type) => type.id === question.sessionTypeId)?.name ?? 'Every proposal'}
                      </td>
                    ) : (
                      ''
                    )}
                    <td>
                      {index > 0 ? (
                        <MoveButton
                          action={`${base}/questions/${question.id}/move`}
                          csrf={props.csrf}
                          direction="up"
                          label={question.label}
                        />
                      ) : (
                        ''
                      )}{' '}
                      {index < form.questions.length - 1 ? (
                        <MoveButton
                          action={`${base}/questions/${question.id}/move`}
                          csrf={props.csrf}
                          direction="down"
                          label={question.label}
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
        <h3 id="add-question">Add a question</h3>
        <ErrorSummary errors={props.questionErrors} labels={QUESTION_LABELS} />
        <form class="form" method="post" action={`${base}/questions`} novalidate aria-labelledby="add-question">
          <CsrfField token={props.csrf} />
          <QuestionFields
            values={props.questionValues ?? {}}
            errors={props.questionErrors}
            sessionTypes={form.sessionTypes}
          />
          <div class="actions">
            <button type="submit">Add question</button>
          </div>
        </form>
      </section>
    </SiteLayout>
  );
}

export function QuestionPage(
  props: Common & {
    question: Question;
    answerCount: number;
    /** The session types a question may be for. */
    sessionTypes: ProposalForm['sessionTypes'];
    values?: QuestionFormValues | undefined;
    errors?: FormErrors | undefined;
  },
): JSX.Element {
  const { event, question } = props;
  const base = `/orga/${event.slug}/cfp`;
  const values: QuestionFormValues = props.values ?? {
    ...question,
    choices: question.choices.join('\n'),
    sessionTypeId: question.sessionTypeId === null ? '' : String(question.sessionTypeId),
  };
  return (
    <SiteLayout
      title="Edit question"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'cfp', organiser: true }}
    >
      <h1>Edit question</h1>
      <p>
        <a href={base}>Back to the proposal form</a>
      </p>
      <ErrorSummary errors={props.errors} labels={QUESTION_LABELS} />
      <form class="form" method="post" action={`${base}/questions/${question.id}`} novalidate>
        <CsrfField token={props.csrf} />
        <QuestionFields values={values} errors={props.errors} sessionTypes={props.sessionTypes} />
        <div class="actions">
          <button type="submit">Save question</button>
        </div>
      </form>
      <section aria-labelledby="delete">
        <h2 id="delete">Delete this question</h2>
        <p safe>
          {props.answerCount === 0
            ? 'No proposal has answered it yet.'
            : `Deleting it also deletes the ${props.answerCount === 1 ? 'answer' : `${props.answerCount} answers`} given to it.`}
        </p>
        <form method="post" action={`${base}/questions/${question.id}/delete`} class="inline-form">
          <CsrfField token={props.csrf} />
          <button type="submit" class="button--danger">
            Delete question
          </button>
        </form>
      </section>
    </SiteLayout>
  );
}
