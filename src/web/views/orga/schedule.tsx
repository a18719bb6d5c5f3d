import type { Actor } from '../../../modules/accounts/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import type { WhyHere } from '../../../modules/schedule-proposals/index.js';
import {
  dayLabel,
  EDITOR_STEPS,
  formatRange,
  type DayGrid,
  type EditorSlot,
  type EditorTalk,
  type GridCell,
  type RoomItem,
  type ScheduleEditor,
  type ScheduleWarning,
  type TalkPlacement,
  type TrackColour,
} from '../../../modules/schedule/index.js';
import { scheduleEditorScript } from '../../assets.js';
import { CsrfField, ErrorSummary, SelectField, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';
import { RowAction } from './tracks.js';
import { escapeHtml } from '../../../shared/html.js';

/**
 * The schedule editor: one day as a table of rooms × time, the talks still to place, and the
 * warnings. Everything works with forms alone: each unplaced talk has its own small form (room,
 * start, Place), each placed talk a page with the same form to move it, and an Unschedule
 * button. schedule-editor.js adds drag and drop on top: a drop fills the talk's form (or the
 * page's move form, for a talk already placed; the swap form, for a talk dropped on another)
 * and submits it, so both ways end in one POST. With the script, forms are sent with fetch and
 * the server answers with the editor's live part (EditorLive, `?fragment=editor`), which
 * replaces the one on the page: no reload, the scroll and the day stay.
 */

/** What every page of the schedule's back office is given. */
export interface PageBase {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
}

/** A page of the schedule's back office: the site's frame, the schedule section current. */
export function ScheduleLayout(
  props: PageBase & { title: string; children: JSX.Element | JSX.Element[] },
): JSX.Element {
  return (
    <SiteLayout
      title={props.title}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event: props.event, section: 'schedule', organiser: true }}
    >
      {props.children as 'safe'}
    </SiteLayout>
  );
}

/** What the editor shows: its address's query, kept through every form and link. */
export interface EditorView {
  day?: string | undefined;
  rooms?: number | undefined;
  page?: number | undefined;
  q?: string | undefined;
  /** Minutes per row asked for; 15 when absent. */
  step?: number | undefined;
  /** Every day side by side. */
  days?: 'all' | undefined;
}

/** The editor's address for a view; `hash` is where the browser lands (a placed talk's card). */
export function editorUrl(eventSlug: string, view: EditorView, path = '', hash = ''): string {
  const query = new URLSearchParams();
  if (view.day) query.set('day', view.day);
  if (view.days === 'all') query.set('days', 'all');
  if (view.rooms && view.rooms > 1) query.set('rooms', String(view.rooms));
  if (view.page && view.page > 1) query.set('page', String(view.page));
  if (view.q) query.set('q', view.q);
  if (view.step && view.step !== 15) query.set('step', String(view.step));
  const search = query.toString();
  return `/orga/${eventSlug}/schedule${path}${search ? `?${search}` : ''}${hash ? `#${hash}` : ''}`;
}

/** The id of a placed talk's card in the grid: where a redirect after placing it lands. */
export function cardId(code: string): string {
  return `talk-${code}`;
}

/** What the editor says after a change sent with fetch (without it, the same text is the flash). */
export interface EditorNotice {
  kind: 'success' | 'warning' | 'error';
  message: string;
}

export type ScheduleSection = 'grid' | 'rooms' | 'days' | 'time-slots' | 'blocks' | 'proposal' | 'release';

/** The schedule's own pages, under the back office's navigation. */
export function ScheduleNav(props: { eventSlug: string; current: ScheduleSection }): JSX.Element {
  const base = `/orga/${props.eventSlug}/schedule`;
  const items: [ScheduleSection, string, string][] = [
    ['grid', base, 'Grid'],
    ['rooms', `${base}/rooms`, 'Rooms'],
    ['days', `${base}/days`, 'Days'],
    ['time-slots', `${base}/time-slots`, 'Time slots'],
    ['blocks', `${base}/blocks`, 'Breaks and blocks'],
    ['proposal', `${base}/proposal`, 'Propose'],
    ['release', `${base}/release`, 'Release'],
  ];
  return (
    <nav class="sub-nav" aria-label="Schedule">
      <ul>
        {items.map(([section, href, label]) => (
          <li>
            <a href={href} aria-current={section === props.current ? 'page' : undefined} safe>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** "12 fans, 3 of them with a clash; 75% full (60 expected, 80 seats)". */
export function whyText(why: WhyHere | undefined): string {
  if (!why) return '–';
  const fans = `${plural(why.fans, 'fan', 'fans')}, ${why.clashes} of them with a clash`;
  const fill =
    why.fill === null
      ? `${why.audience} expected, seats unknown`
      : `${Math.round(why.fill * 100)}% full (${why.audience} expected, ${why.capacity} seats)`;
  return `${fans}; ${fill}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function talkMeta(talk: EditorTalk): string {
  return [
    talk.speakers.join(', ') || 'no speaker',
    talk.track?.name,
    `${talk.durationMinutes} min`,
    talk.expectedAudience === null ? undefined : `${talk.expectedAudience} expected`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function roomOptions(rooms: RoomItem[], selected: string | undefined): JSX.Element {
  return (
    <>
      {rooms.map((room) => (
        <option value={String(room.id)} selected={String(room.id) === selected} safe>
          {room.name}
        </option>
      ))}
    </>
  );
}

function WarningMark(props: { warnings: ScheduleWarning[] }): JSX.Element {
  if (props.warnings.length === 0) return '';
  return (
    <span class="slot__warning">
      <span aria-hidden="true">⚠ </span>
      <span safe>{plural(props.warnings.length, 'warning', 'warnings')}</span>
    </span>
  );
}
function TrackClass(track: EditorTalk['track']): string {
  return track ? ` track-colour--${track.colour}` : '';
}

function SlotCell(props: {
  cell: Extract<GridCell, { kind: 'slot' }>;
  eventSlug: string;
  csrf: string;
  unscheduleAction: string;
}): JSX.Element {
  const { slot, rowspan, colspan } = props.cell;
  const span = {
    rowspan: rowspan > 1 ? String(rowspan) : undefined,
    colspan: colspan > 1 ? String(colspan) : undefined,
  };
  if (!slot.talk) {
    return (
      <td {...span} class={`slot slot--${slot.kind}`}>
        <div class="slot__body">
          <span class="slot__title" safe>
            {slot.title}
          </span>
          <span class="slot__time" safe>
            {`${slot.time} · ${slot.kind === 'break' ? 'break' : 'block'}${slot.roomId === null ? ', every room' : ''}`}
          </span>
          <a href={`/orga/${props.eventSlug}/schedule/blocks/${slot.id}`}>
            Edit<span class="visually-hidden" safe>{`: ${slot.title}`}</span>
          </a>
        </div>
      </td>
    );
  }
  const { talk } = slot;
  return (
    <td {...span} id={cardId(talk.code)} class={`slot slot--talk${slot.warnings.length > 0 ? ' slot--warning' : ''}`}>
      <div class={`slot__body${TrackClass(talk.track)}`} draggable="true" data-talk={talk.code}>
        <a class="slot__title" href={`/orga/${props.eventSlug}/schedule/talks/${talk.code}`} safe>
          {talk.title}
        </a>
        <span class="slot__time" safe>
          {slot.time}
        </span>
        {talk.speakers.length > 0 ? (
          <span class="slot__speakers" safe>
            {talk.speakers.join(', ')}
          </span>
        ) : (
          ''
        )}
        {talk.track ? (
          <span class="slot__track" safe>
            {talk.track.name}
          </span>
        ) : (
          ''
        )}
        <WarningMark warnings={slot.warnings} />
        <form method="post" action={props.unscheduleAction} class="inline-form">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="talk" value={talk.code} />
          <button type="submit" class="link-button">
            Unschedule<span class="visually-hidden" safe>{`: ${talk.title}`}</span>
          </button>
        </form>
      </div>
    </td>
  );
}

function Grid(props: {
  grid: DayGrid;
  editor: ScheduleEditor;
  event: EventRecord;
  csrf: string;
  unscheduleAction: string;
}): JSX.Element {
  const { editor, grid } = props;
  const { roomPage } = editor;
  const captionId = `grid-caption-${grid.day.date}`;
  const caption =
    `${dayLabel(grid.day)}: rooms ${roomPage.first}–${roomPage.last} of ${editor.rooms.length}, ` +
    `rows of ${grid.step} minutes`;
  return (
    <div class="editor-grid-wrap" role="region" aria-labelledby={captionId} tabindex="0">
      <table class="editor-grid" data-editor-grid="">
        <caption id={captionId} safe>
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {roomPage.rooms.map((room) => (
              <th scope="col">
                <span safe>{room.name}</span>
                {room.capacity === null ? (
                  ''
                ) : (
                  <span class="editor-grid__capacity" safe>
                    {`${room.capacity} seats`}
                  </span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((row) => (
            <tr data-start={row.value}>
              <th scope="row" safe>
                {row.label}
              </th>
              {row.cells.map((cell) =>
                cell.kind === 'empty' ? (
                  <td data-room={String(cell.roomId)}></td>
                ) : (
                  <SlotCell
                    cell={cell}
                    eventSlug={props.event.slug}
                    csrf={props.csrf}
                    unscheduleAction={props.unscheduleAction}
                  />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The tracks' colours, named: a card's stripe is its track's colour (its name is on the card too). */
function TrackLegend(props: { tracks: TrackColour[] }): JSX.Element {
  if (props.tracks.length === 0) return '';
  return (
    <div class="track-legend">
      <h2 class="track-legend__heading" id="track-legend-heading">
        Tracks
      </h2>
      <ul aria-labelledby="track-legend-heading">
        {props.tracks.map((track) => (
          <li>
            <span class={`track-legend__swatch track-colour--${track.colour}`} aria-hidden="true"></span>
            <span safe>{track.name}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Pager(props: { label: string; page: number; count: number; href: (page: number) => string }): JSX.Element {
  if (props.count <= 1) return '';
  const pages = Array.from({ length: props.count }, (_, i) => i + 1);
  return (
    <nav class="pager" aria-label={escapeHtml(props.label)}>
      <ul>
        {pages.map((page) => (
          <li>
            <a href={props.href(page)} aria-current={page === props.page ? 'page' : undefined} safe>
              {String(page)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A refused placement, shown again with the talk's form as it was sent. */
export interface PlaceProblem {
  code: string;
  title: string;
  errors: FormErrors;
  values: { room: string; start: string };
}

function UnplacedTalk(props: {
  talk: EditorTalk;
  event: EventRecord;
  rooms: RoomItem[];
  csrf: string;
  action: string;
  defaultRoom: string | undefined;
  defaultStart: string;
  problem: PlaceProblem | undefined;
  /** Sent with fetch: the refusal is an alert at the form. */
  live: boolean;
}): JSX.Element {
  const { talk, problem } = props;
  const mine = problem?.code === talk.code ? problem : undefined;
  const id = (field: string) => `${field}-${talk.code}`;
  const error = mine ? Object.values(mine.errors)[0] : undefined;
  return (
    <li class={`unplaced__talk${TrackClass(talk.track)}`} draggable="true" data-talk={talk.code}>
      <form method="post" action={props.action} class="place-form" data-talk={talk.code} novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="talk" value={talk.code} />
        <p class="place-form__talk">
          <a href={`/orga/${props.event.slug}/schedule/talks/${talk.code}`} safe>
            {talk.title}
          </a>
          <span class="hint" safe>
            {talkMeta(talk)}
          </span>
        </p>
        <div class="place-form__fields">
          <label for={id('room')}>
            Room<span class="visually-hidden" safe>{` for ${talk.title}`}</span>
          </label>
          <select
            id={id('room')}
            name="room"
            aria-invalid={mine?.errors.room ? 'true' : undefined}
            aria-describedby={mine?.errors.room ? id('error') : undefined}
          >
            {roomOptions(props.rooms, mine?.values.room ?? props.defaultRoom)}
          </select>
          <label for={id('start')}>
            Start<span class="visually-hidden" safe>{` of ${talk.title}`}</span>
          </label>
          <input
            type="datetime-local"
            id={id('start')}
            name="start"
            step="300"
            value={escapeHtml(mine?.values.start ?? props.defaultStart)}
            aria-invalid={mine && !mine.errors.room ? 'true' : undefined}
            aria-describedby={mine && !mine.errors.room ? id('error') : undefined}
          />
          <button type="submit">
            Place<span class="visually-hidden" safe>{`: ${talk.title}`}</span>
          </button>
        </div>
        {error ? (
          <p class="error" id={id('error')} role={props.live ? 'alert' : undefined} safe>
            {error}
          </p>
        ) : (
          ''
        )}
      </form>
    </li>
  );
}

export function WarningList(props: { warnings: ScheduleWarning[]; limit?: number }): JSX.Element {
  const limit = props.limit ?? 200;
  const shown = props.warnings.slice(0, limit);
  return (
    <>
      <ul class="warning-list">
        {shown.map((warning) => (
          <li class={`warning-list__item warning-list__item--${warning.kind}`} safe>
            {warning.message}
          </li>
        ))}
      </ul>
      {props.warnings.length > limit ? <p safe>{`And ${props.warnings.length - limit} more.`}</p> : ''}
    </>
  );
}

function OffGrid(props: { slots: EditorSlot[]; eventSlug: string }): JSX.Element {
  if (props.slots.length === 0) return '';
  return (
    <div class="warning-box" role="note">
      <p>These overlap others in the grid and are listed here instead; move them apart:</p>
      <ul>
        {props.slots.map((slot) => (
          <li>
            {slot.talk ? (
              <a href={`/orga/${props.eventSlug}/schedule/talks/${slot.talk.code}`} safe>
                {slot.title}
              </a>
            ) : (
              <a href={`/orga/${props.eventSlug}/schedule/blocks/${slot.id}`} safe>
                {slot.title}
              </a>
            )}
            <span safe>{` ${slot.time}`}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function MissingDays(props: { event: EventRecord; csrf: string }): JSX.Element {
  const { event } = props;
  return (
    <div class="warning-box" role="note">
      <p>
        The schedule has no days yet: talks are placed within the event's days.{' '}
        <a href={`/orga/${event.slug}/schedule/days`}>Add the days</a>
        {event.startsOn && event.endsOn ? ', or create them from the event’s dates:' : '.'}
      </p>
      {event.startsOn && event.endsOn ? (
        <form method="post" action={`/orga/${event.slug}/schedule/days/from-dates`} class="inline-form">
          <CsrfField token={props.csrf} />
          <button type="submit" safe>{`Create days ${event.startsOn} to ${event.endsOn}, 09:00–18:00`}</button>
        </form>
      ) : (
        ''
      )}
    </div>
  );
}
/** The rows' lengths one may ask for, shortest first. */
const STEP_CHOICES = [...EDITOR_STEPS].sort((a, b) => a - b);

/** Above the editor: the days (or all of them side by side), the rows' length, the tracks' colours. */
function EditorToolbar(props: { event: EventRecord; editor: ScheduleEditor; view: EditorView }): JSX.Element {
  const { event, editor, view } = props;
  if (editor.days.length === 0) return '';
  const dayView = { ...view, days: undefined, page: view.page };
  return (
    <div class="editor-toolbar">
      <nav class="sub-nav" aria-label="Days">
        <ul>
          {editor.days.map((day) => (
            <li>
              <a
                href={editorUrl(event.slug, {
                  ...dayView,
                  day: day.date,
                  rooms: editor.allDays ? undefined : view.rooms,
                })}
                aria-current={!editor.allDays && day.id === editor.day?.id ? 'page' : undefined}
                safe
              >
                {day.label}
              </a>
            </li>
          ))}
          {editor.days.length > 1 ? (
            <li>
              <a
                href={editorUrl(event.slug, { ...view, day: undefined, days: 'all', rooms: undefined })}
                aria-current={editor.allDays ? 'page' : undefined}
              >
                All days
              </a>
            </li>
          ) : (
            ''
          )}
        </ul>
      </nav>
      <form class="editor-toolbar__rows" method="get" action={`/orga/${event.slug}/schedule`}>
        {editor.allDays ? (
          <input type="hidden" name="days" value="all" />
        ) : editor.day ? (
          <input type="hidden" name="day" value={escapeHtml(editor.day.date)} />
        ) : (
          ''
        )}
        {view.rooms && view.rooms > 1 ? <input type="hidden" name="rooms" value={String(view.rooms)} /> : ''}
        {view.q ? <input type="hidden" name="q" value={escapeHtml(view.q)} /> : ''}
        <label for="editor-step">Minutes per row</label>
        <select id="editor-step" name="step">
          {STEP_CHOICES.map((minutes) => (
            <option value={String(minutes)} selected={minutes === editor.requestedStep} safe>
              {String(minutes)}
            </option>
          ))}
        </select>
        <button type="submit" class="button--secondary">
          Show
        </button>
      </form>
      <TrackLegend tracks={editor.tracks} />
      {/* The toolbar's end: the schedule's other tools. */}
      <p class="editor-toolbar__tools">
        <a href={`/orga/${event.slug}/schedule/proposal`}>Propose a schedule</a>
      </p>
    </div>
  );
}

export interface EditorLiveProps {
  event: EventRecord;
  editor: ScheduleEditor;
  view: EditorView;
  csrf: string;
  problem?: PlaceProblem | undefined;
  /** Sent with fetch: what the change did, shown in place of a flash. */
  notice?: EditorNotice | undefined;
  /** Rendered for fetch (the fragment) rather than in a whole page: refusals are alerts, not an error summary. */
  live: boolean;
}

/** The part of the editor a change alters: the summary, the grid(s), the warnings and the talks to place. */
export function EditorLive(props: EditorLiveProps): JSX.Element {
  const { event, editor, view, problem, live } = props;
  const shownView: EditorView = editor.allDays
    ? { ...view, day: undefined, days: 'all' }
    : { ...view, day: editor.day?.date, days: undefined };
  const action = editorUrl(event.slug, shownView, '/place');
  const release = editor.latestRelease
    ? `The public schedule shows release ${editor.latestRelease.version}.`
    : 'Nothing is released yet: the public does not see a schedule.';
  const problemOnPage = problem !== undefined && editor.unplaced.talks.some((talk) => talk.code === problem.code);
  const problemMessage = problem ? `“${problem.title}”: ${Object.values(problem.errors)[0]}` : '';
  const summaryErrors =
    problem && !live
      ? problemOnPage
        ? Object.fromEntries(
            Object.entries(problem.errors).map(([field, message]) => [
              `${field === 'room' ? 'room' : 'start'}-${problem.code}`,
              message,
            ]),
          )
        : { _form: problemMessage }
      : undefined;
  const summaryLabels = problem
    ? {
        [`room-${problem.code}`]: `Room for “${problem.title}”`,
        [`start-${problem.code}`]: `Start of “${problem.title}”`,
      }
    : {};
  const notice: EditorNotice | undefined =
    props.notice ?? (problem && live && !problemOnPage ? { kind: 'error', message: problemMessage } : undefined);
  const defaultRoom = editor.roomPage.rooms[0] ? String(editor.roomPage.rooms[0].id) : undefined;
  const otherDays = editor.warnings.length - editor.dayWarnings.length;
  const unscheduleAction = editorUrl(event.slug, shownView, '/unschedule');
  const gridHeading = editor.allDays ? 'All days' : (editor.day?.label ?? '');
  return (
    <>
      {notice ? (
        <div class="editor-notice" data-editor-notice={notice.kind} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <p class={`flash flash--${notice.kind}`} safe>
            {notice.message}
          </p>
        </div>
      ) : (
        ''
      )}
      <p class="schedule-summary" safe>
        {`${plural(editor.placedCount, 'talk', 'talks')} placed, ${editor.unplacedCount} to place, ` +
          `${plural(editor.warnings.length, 'warning', 'warnings')}. ${release}`}
      </p>
      <ErrorSummary errors={summaryErrors} labels={summaryLabels} />
      <div class="schedule-workspace">
        <div class="schedule-workspace__main">
          {editor.grids.length > 0 ? (
            <section aria-labelledby="grid-heading">
              <h2 id="grid-heading" safe>
                {gridHeading}
              </h2>
              <Pager
                label="Pages of rooms"
                page={editor.roomPage.number}
                count={editor.roomPage.count}
                href={(page) => editorUrl(event.slug, { ...shownView, rooms: page })}
              />
              <p class="hint">
                Drag a talk onto a free cell to place or move it there, or onto a placed talk to swap the two. Without a
                mouse, use the talk's form: Place, in the list of talks to place, for a talk still to place; its title,
                in the grid, for one already placed.
              </p>
              {editor.allDays ? (
                <div class="editor-days">
                  {editor.grids.map((grid) => (
                    <section class="editor-day" aria-labelledby={`day-heading-${grid.day.date}`}>
                      <h3 id={`day-heading-${grid.day.date}`} safe>
                        {grid.day.label}
                      </h3>
                      <Grid
                        grid={grid}
                        editor={editor}
                        event={event}
                        csrf={props.csrf}
                        unscheduleAction={unscheduleAction}
                      />
                      <OffGrid slots={grid.offGrid} eventSlug={event.slug} />
                    </section>
                  ))}
                </div>
              ) : (
                <>
                  <Grid
                    grid={editor.grids[0]!}
                    editor={editor}
                    event={event}
                    csrf={props.csrf}
                    unscheduleAction={unscheduleAction}
                  />
                  <OffGrid slots={editor.offGrid} eventSlug={event.slug} />
                </>
              )}
            </section>
          ) : (
            ''
          )}
          <section aria-labelledby="warnings-heading">
            <h2 id="warnings-heading" safe>
              {`Warnings${editor.allDays ? '' : editor.day ? ` on ${editor.day.label}` : ''} (${editor.dayWarnings.length})`}
            </h2>
            {editor.dayWarnings.length === 0 ? <p>None.</p> : <WarningList warnings={editor.dayWarnings} />}
            {otherDays > 0 ? <p safe>{`${plural(otherDays, 'more warning', 'more warnings')} on other days.`}</p> : ''}
          </section>
        </div>
        <section class="schedule-workspace__side" aria-labelledby="unplaced-heading">
          {/* Open unless closed: <details> folds away without a script; the script remembers the choice. */}
          <details class="unplaced-panel" open data-unplaced-panel="">
            <summary>
              <h2 id="unplaced-heading" safe>
                {`Talks to place (${editor.unplacedCount})`}
              </h2>
            </summary>
            <form
              class="form form--inline"
              method="get"
              action={`/orga/${event.slug}/schedule`}
              role="search"
              aria-label="Find talks to place"
            >
              {shownView.day ? <input type="hidden" name="day" value={escapeHtml(shownView.day)} /> : ''}
              {shownView.days ? <input type="hidden" name="days" value="all" /> : ''}
              {view.rooms && view.rooms > 1 ? <input type="hidden" name="rooms" value={String(view.rooms)} /> : ''}
              {view.step && view.step !== 15 ? <input type="hidden" name="step" value={String(view.step)} /> : ''}
              <TextField name="q" label="Title contains" value={editor.unplaced.filter} maxlength={200} />
              <div class="actions">
                <button type="submit">Find</button>
                {editor.unplaced.filter ? (
                  <a href={editorUrl(event.slug, { ...shownView, q: undefined, page: undefined })}>Show all</a>
                ) : (
                  ''
                )}
              </div>
            </form>
            {editor.unplaced.filter ? (
              <p class="result-count" role="status" safe>
                {`${plural(editor.unplaced.matching, 'talk matches', 'talks match')}.`}
              </p>
            ) : (
              ''
            )}
            {editor.unplaced.talks.length === 0 ? (
              <p>
                {editor.unplaced.filter
                  ? 'No talk to place has that in its title.'
                  : 'Every talk on the program is placed.'}
              </p>
            ) : (
              <ul class="unplaced">
                {editor.unplaced.talks.map((talk) => (
                  <UnplacedTalk
                    talk={talk}
                    event={event}
                    rooms={editor.rooms}
                    csrf={props.csrf}
                    action={action}
                    defaultRoom={defaultRoom}
                    defaultStart={editor.defaultStart}
                    problem={problem}
                    live={live}
                  />
                ))}
              </ul>
            )}
            <Pager
              label="Pages of talks to place"
              page={editor.unplaced.page}
              count={editor.unplaced.pageCount}
              href={(page) => editorUrl(event.slug, { ...shownView, page, q: editor.unplaced.filter || undefined })}
            />
          </details>
        </section>
      </div>
    </>
  );
}

export function SchedulePage(
  props: PageBase & { editor: ScheduleEditor; view: EditorView; problem?: PlaceProblem | undefined },
): JSX.Element {
  const { event, editor, view } = props;
  const shownView: EditorView = editor.allDays
    ? { ...view, day: undefined, days: 'all' }
    : { ...view, day: editor.day?.date, days: undefined };
  const action = editorUrl(event.slug, shownView, '/place');
  return (
    <SiteLayout
      title="Schedule"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'schedule', organiser: true }}
    >
      <h1>Schedule</h1>
      <ScheduleNav eventSlug={event.slug} current="grid" />
      {editor.days.length === 0 ? <MissingDays event={event} csrf={props.csrf} /> : ''}
      {editor.rooms.length === 0 ? (
        <div class="warning-box" role="note">
          <p>
            The schedule has no rooms yet. <a href={`/orga/${event.slug}/schedule/rooms`}>Add rooms</a>.
          </p>
        </div>
      ) : (
        ''
      )}
      <EditorToolbar event={event} editor={editor} view={view} />
      {/* What a change sent with fetch says (see schedule-editor.js). */}
      <div class="editor-notices" data-editor-notices="">
        <div role="status" data-editor-status=""></div>
      </div>
      <div class="editor-live" data-editor-live="">
        <EditorLive event={event} editor={editor} view={view} csrf={props.csrf} problem={props.problem} live={false} />
      </div>
      {/* What a drop of an already placed talk fills and submits: the same POST as its page's form. */}
      <form id="move-form" method="post" action={action} hidden>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="talk" value="" />
        <input type="hidden" name="room" value="" />
        <input type="hidden" name="start" value="" />
      </form>
      {/* What a drop of a placed talk onto another fills and submits: the talk page's swap form. */}
      <form id="swap-form" method="post" action={editorUrl(event.slug, shownView, '/swap')} hidden>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="first" value="" />
        <input type="hidden" name="second" value="" />
      </form>
      <script src={scheduleEditorScript.url} defer></script>
    </SiteLayout>
  );
}

const PLACE_LABELS = {
  room: 'Room',
  start: 'Start',
  durationMinutes: 'Length in minutes',
  talk: 'Talk',
  first: 'Talk',
  second: 'Swap with',
};

/** One talk's place: where it is, its speakers' availability, its warnings, and the form to move it. */
export function ScheduleTalkPage(
  props: PageBase & {
    placement: TalkPlacement;
    values?: { room: string; start: string; durationMinutes: string } | undefined;
    errors?: FormErrors | undefined;
    /** The talk chosen in a refused swap. */
    swapWith?: string | undefined;
    /** Where it is placed: its fans, their clashes and its room's fill. */
    why?: WhyHere | undefined;
  },
): JSX.Element {
  const { event, placement } = props;
  const { talk, slot } = placement;
  const zone = event.timezone;
  const values = props.values ?? {
    room: slot ? String(slot.room.id) : placement.rooms[0] ? String(placement.rooms[0].id) : '',
    start: slot?.start ?? '',
    durationMinutes: '',
  };
  const placedNow: string = slot
    ? `Placed in ${slot.room.name}, ${formatRange(slot.startsAt, slot.endsAt, zone)} (${slot.minutes} minutes).`
    : 'Not placed yet.';
  const dayOf = slot
    ? placement.days.find((day) => day.startsAt <= slot.startsAt && slot.startsAt < day.endsAt)
    : undefined;
  return (
    <SiteLayout
      title={`Place: ${talk.title}`}
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'schedule', organiser: true }}
    >
      <p>
        <a href={editorUrl(event.slug, { day: dayOf?.date })}>Schedule</a>
      </p>
      <h1 safe>{talk.title}</h1>
      <p safe>{talkMeta(talk)}</p>
      <p safe>{placedNow}</p>
      {slot && props.why ? (
        <section aria-labelledby="why-here">
          <h2 id="why-here">Why here</h2>
          <p safe>{whyText(props.why)}</p>
        </section>
      ) : (
        ''
      )}
      {placement.warnings.length > 0 ? (
        <div class="warning-box" role="note">
          <h2>Warnings</h2>
          <WarningList warnings={placement.warnings} />
        </div>
      ) : (
        ''
      )}
      <ErrorSummary errors={props.errors} labels={PLACE_LABELS} />
      <section aria-labelledby="place">
        <h2 id="place">{slot ? 'Move' : 'Place'}</h2>
        <form class="form" method="post" action={`/orga/${event.slug}/schedule/place`} novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="talk" value={talk.code} />
          <input type="hidden" name="from" value="talk" />
          <SelectField
            name="room"
            label="Room"
            value={values.room}
            options={placement.rooms.map((room) => ({
              value: String(room.id),
              label: room.capacity === null ? room.name : `${room.name} (${room.capacity} seats)`,
            }))}
            required
            errors={props.errors}
          />
          <TextField
            name="start"
            type="datetime-local"
            label="Start"
            value={values.start}
            required
            hint={`Local time in ${zone}.`}
            errors={props.errors}
          />
          <TextField
            name="durationMinutes"
            type="number"
            label="Length in minutes"
            value={values.durationMinutes}
            min={5}
            max={1440}
            hint={
              slot
                ? `Empty keeps its current length (${slot.minutes} minutes).`
                : `Empty for the talk's length (${talk.durationMinutes} minutes).`
            }
            errors={props.errors}
          />
          <div class="actions">
            <button type="submit">{slot ? 'Move talk' : 'Place talk'}</button>
          </div>
        </form>
        {slot ? (
          <div class="actions">
            <RowAction
              action={`/orga/${event.slug}/schedule/unschedule`}
              csrf={props.csrf}
              label="Unschedule"
              about={talk.title}
              hidden={{ talk: talk.code, from: 'talk' }}
            />
          </div>
        ) : (
          ''
        )}
      </section>
      {slot && placement.swapCandidates.length > 0 ? (
        <section aria-labelledby="swap">
          <h2 id="swap">Swap</h2>
          <form class="form" method="post" action={`/orga/${event.slug}/schedule/swap`} novalidate>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="first" value={talk.code} />
            <input type="hidden" name="from" value="talk" />
            <SelectField
              name="second"
              label="Swap with"
              value={props.swapWith ?? ''}
              empty="Choose a placed talk"
              options={placement.swapCandidates.map((other) => ({
                value: other.code,
                label: `${other.title} (${other.where})`,
              }))}
              hint="Each talk takes the other's room and start, and keeps its own length."
              errors={props.errors}
            />
            <div class="actions">
              <button type="submit">Swap talks</button>
            </div>
          </form>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="availability">
        <h2 id="availability">Speakers' availability</h2>
        {placement.speakers.length === 0 ? <p>The talk has no speaker.</p> : ''}
        <ul>
          {placement.speakers.map((speaker) => (
            <li>
              <a href={`/orga/${event.slug}/speakers/${speaker.id}`} safe>
                {speaker.name}
              </a>
              <span safe>
                {speaker.availability.length === 0
                  ? ': any time (stated none)'
                  : `: ${speaker.availability.map((window) => window.label).join('; ')}`}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </SiteLayout>
  );
}
