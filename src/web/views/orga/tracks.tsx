import type { Actor } from '../../../modules/accounts/index.js';
import {
  MAX_TRACK_DESCRIPTION,
  type CategoryItem,
  type EventRecord,
  type TrackItem,
} from '../../../modules/program/index.js';
import { Checkbox, CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';

/**
 * A small button posting one action about one row; its visible text is short ("Up") and the
 * row it is about is read out too ("Up: All things Web").
 */
export function RowAction(props: {
  action: string;
  csrf: string;
  label: string;
  about: string;
  hidden?: Record<string, string>;
  class?: string;
  disabled?: boolean;
}): JSX.Element {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.class ?? 'button--secondary'} disabled={props.disabled}>
        <span safe>{props.label}</span>
        <span class="visually-hidden" safe>
          {`: ${props.about}`}
        </span>
      </button>
    </form>
  );
}

type Kind = 'track' | 'level';
const PLURAL: Record<Kind, string> = { track: 'tracks', level: 'levels' };

function CategoryTable(props: {
  kind: Kind;
  items: (CategoryItem & { reviewerCount?: number })[];
  base: string;
  csrf: string;
}): JSX.Element {
  const { kind, items } = props;
  if (items.length === 0) return <p safe>{`No ${PLURAL[kind]} yet.`}</p>;
  return (
    <div class="table-wrap">
      <table class="data">
        <caption class="visually-hidden" safe>
          {`The event's ${PLURAL[kind]}, in program order`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col" class="number">
              Talks and proposals
            </th>
            {kind === 'track' ? (
              <th scope="col" class="number">
                Reviewers limited to it
              </th>
            ) : (
              ''
            )}
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => {
            const at = `${props.base}/${PLURAL[kind]}/${item.id}`;
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
                  {String(item.talkCount)}
                </td>
                {kind === 'track' ? (
                  <td class="number" safe>
                    {String(item.reviewerCount ?? 0)}
                  </td>
                ) : (
                  ''
                )}
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
                      Rename or delete<span class="visually-hidden" safe>{`: ${item.name}`}</span>
                    </a>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AddForm(props: {
  kind: Kind;
  base: string;
  csrf: string;
  value?: string | undefined;
  errors?: FormErrors | undefined;
}): JSX.Element {
  const field = `${props.kind}Name`;
  return (
    <form class="form" method="post" action={`${props.base}/${PLURAL[props.kind]}`} novalidate>
      <CsrfField token={props.csrf} />
      <TextField
        name={field}
        label={`New ${props.kind}'s name`}
        value={props.value}
        required
        maxlength={80}
        hint="Its slug, used in public addresses, is made from the name and kept when the name changes later."
        errors={props.errors}
      />
      <div class="actions">
        <button type="submit" safe>{`Add ${props.kind}`}</button>
      </div>
    </form>
  );
}

export function TracksPage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  tracks: TrackItem[];
  levels: CategoryItem[];
  errors?: FormErrors | undefined;
  values?: { trackName?: string; levelName?: string };
}): JSX.Element {
  const { event } = props;
  const base = `/orga/${event.slug}`;
  return (
    <SiteLayout
      title="Tracks and levels"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'tracks', organiser: true }}
    >
      <h1>Tracks and levels</h1>
      <ErrorSummary errors={props.errors} labels={{ trackName: "New track's name", levelName: "New level's name" }} />
      <section aria-labelledby="tracks">
        <h2 id="tracks">Tracks</h2>
        <CategoryTable kind="track" items={props.tracks} base={base} csrf={props.csrf} />
        <h3>Add a track</h3>
        <AddForm kind="track" base={base} csrf={props.csrf} value={props.values?.trackName} errors={props.errors} />
      </section>
      <section aria-labelledby="levels">
        <h2 id="levels">Levels</h2>
        <CategoryTable kind="level" items={props.levels} base={base} csrf={props.csrf} />
        <h3>Add a level</h3>
        <AddForm kind="level" base={base} csrf={props.csrf} value={props.values?.levelName} errors={props.errors} />
      </section>
    </SiteLayout>
  );
}

/** What a track's or level's page shows in its fields: what is stored, or what was just typed. */
export interface CategoryFormValues {
  name?: string | undefined;
  moveTo?: string | undefined;
  description?: string | undefined;
  color?: string | undefined;
  ownColor?: boolean | undefined;
  isPublic?: boolean | undefined;
}

/** A track's own fields beyond its name: description, colour, and whether the proposal form offers it. */
function TrackFields(props: {
  item: Partial<TrackItem>;
  values: CategoryFormValues | undefined;
  errors?: FormErrors | undefined;
}): JSX.Element {
  const { item, values, errors } = props;
  const ownColor = values?.ownColor ?? (item.color !== null && item.color !== undefined);
  return (
    <>
      <TextArea
        name="description"
        label="Description"
        value={values?.description ?? item.description ?? ''}
        rows={5}
        maxlength={MAX_TRACK_DESCRIPTION}
        hint="Shown where the public program lists its tracks. Markdown. Optional."
        errors={errors}
      />
      <Checkbox
        name="ownColor"
        label="Give the track its own colour"
        checked={ownColor}
        hint="Unticked, the schedule gives it the next colour of its palette."
        errors={errors}
      />
      <TextField
        name="color"
        label="Colour"
        type="color"
        value={values?.color ?? item.color ?? '#1d4ed8'}
        hint="White text is shown on it, so it must be dark enough to read: a contrast of 4.5:1 or more with white."
        errors={errors}
      />
      <Checkbox
        name="isPublic"
        label="Offered on the proposal form"
        checked={values?.isPublic ?? item.isPublic !== false}
        hint="Unticked, speakers cannot choose it, unless an access code unlocks it; organisers can still put talks in it."
        errors={errors}
      />
    </>
  );
}

/** One track or level: rename it (and for a track, describe it, colour it, hide it), or delete it (moving its talks to another). */
export function CategoryPage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  kind: Kind;
  item: CategoryItem & Partial<TrackItem>;
  others: CategoryItem[];
  errors?: FormErrors | undefined;
  values?: CategoryFormValues | undefined;
}): JSX.Element {
  const { event, kind, item, errors } = props;
  const at = `/orga/${event.slug}/${PLURAL[kind]}/${item.id}`;
  const word = kind === 'track' ? 'Track' : 'Level';
  const used = item.talkCount > 0;
  return (
    <SiteLayout
      title={`${word}: ${item.name}`}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'tracks', organiser: true }}
    >
      <p>
        <a href={`/orga/${event.slug}/tracks`}>Tracks and levels</a>
      </p>
      <h1 safe>{`${word}: ${item.name}`}</h1>
      <p safe>
        {`Slug: ${item.slug} (kept when the name changes). ${item.talkCount} ${item.talkCount === 1 ? 'talk or proposal' : 'talks and proposals'}` +
          (kind === 'track'
            ? `, ${item.reviewerCount ?? 0} reviewer${item.reviewerCount === 1 ? '' : 's'} limited to it.`
            : '.')}
      </p>
      <ErrorSummary
        errors={errors}
        labels={{ name: 'Name', moveTo: 'Move to', description: 'Description', color: 'Colour', isPublic: 'Offered' }}
      />
      <section aria-labelledby="rename">
        <h2 id="rename">{kind === 'track' ? 'Name, description and colour' : 'Rename'}</h2>
        <form class="form" method="post" action={at} novalidate>
          <CsrfField token={props.csrf} />
          <TextField
            name="name"
            label="Name"
            value={props.values?.name ?? item.name}
            required
            maxlength={80}
            errors={errors}
          />
          {kind === 'track' ? <TrackFields item={item} values={props.values} errors={errors} /> : ''}
          <div class="actions">
            <button type="submit">{kind === 'track' ? 'Save track' : 'Save name'}</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="delete">
        <h2 id="delete" safe>{`Delete this ${kind}`}</h2>
        <form class="form" method="post" action={`${at}/delete`} novalidate>
          <CsrfField token={props.csrf} />
          <SelectField
            name="moveTo"
            label={`Move its talks and proposals to`}
            empty={used ? 'Choose…' : 'Nowhere: it has none'}
            value={props.values?.moveTo}
            options={props.others.map((other) => ({ value: String(other.id), label: other.name }))}
            hint={
              used
                ? `${item.talkCount} ${item.talkCount === 1 ? 'talk or proposal is' : 'talks and proposals are'} in this ${kind}: they move to the ${kind} you choose.` +
                  (kind === 'track' ? ' Reviewers limited to this track review that one instead.' : '')
                : `No talk is in this ${kind}.` +
                  (kind === 'track' ? ' Reviewers limited to it review the track you choose, if any.' : '')
            }
            errors={errors}
          />
          <div class="actions">
            <button type="submit" class="button--danger" safe>{`Delete ${kind}`}</button>
          </div>
        </form>
      </section>
    </SiteLayout>
  );
}
