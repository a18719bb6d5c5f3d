import type { Actor } from '../../../modules/accounts/index.js';
import type { CfpState, EventRecord, SetupStep } from '../../../modules/program/index.js';
import { formatInZone, TIME_ZONES } from '../../../shared/time.js';
import { CsrfField, ErrorSummary, TextField, TimeZoneField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';

export function OrgaHomePage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  events: (EventRecord & { organiser: boolean })[];
  canCreate: boolean;
  errors?: FormErrors;
  values?: { slug?: string; name?: string; timezone?: string };
}): JSX.Element {
  return (
    <SiteLayout title="Your events" actor={props.actor} csrf={props.csrf} flash={props.flash}>
      <h1>Your events</h1>
      {props.events.length === 0 ? (
        <p>
          You are not on the team of any event yet. To propose a talk, open the event's page and follow its call for
          proposals.
        </p>
      ) : (
        <ul class="talk-list">
          {props.events.map((event) => (
            <li class="talk-card">
              <h2>
                <a href={`/orga/${event.slug}`} safe>
                  {event.name}
                </a>
              </h2>
              <p>{event.organiser ? 'Organiser' : 'Reviewer'}</p>
            </li>
          ))}
        </ul>
      )}
      {props.canCreate ? (
        <section aria-labelledby="new-event">
          <h2 id="new-event">Create an event</h2>
          <ErrorSummary errors={props.errors} labels={{ slug: 'Slug', name: 'Name', timezone: 'Time zone' }} />
          <form class="form" method="post" action="/orga/events" novalidate>
            <CsrfField token={props.csrf} />
            <TextField name="name" label="Name" value={props.values?.name} required errors={props.errors} />
            <TextField
              name="slug"
              label="Slug"
              value={props.values?.slug}
              required
              hint="Used in every address of the event, e.g. pybay-2017."
              errors={props.errors}
            />
            <TimeZoneField
              name="timezone"
              label="Time zone"
              value={props.values?.timezone ?? 'UTC'}
              zones={TIME_ZONES}
              required
              hint="Where the event takes place: type to search the list, e.g. America/Los_Angeles."
              errors={props.errors}
            />
            <div class="actions">
              <button type="submit">Create event</button>
            </div>
          </form>
        </section>
      ) : (
        ''
      )}
    </SiteLayout>
  );
}

const CFP_STATE_TEXT: Record<CfpState, string> = {
  'not-configured': 'The call for proposals has no closing time yet.',
  upcoming: 'The call for proposals has not opened yet.',
  open: 'The call for proposals is open.',
  closed: 'The call for proposals is closed.',
};

export function OrgaDashboardPage(props: {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  organiser: boolean;
  cfp: CfpState;
  counts: { state: string; count: number }[];
  /** For organisers: what setting up the event still needs. */
  checklist?: SetupStep[] | undefined;
}): JSX.Element {
  const { event } = props;
  return (
    <SiteLayout
      title="Dashboard"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'dashboard', organiser: props.organiser }}
    >
      <h1 safe>{event.name}</h1>
      <p safe>
        {`${CFP_STATE_TEXT[props.cfp]}${event.cfpClosesAt ? ` Closing: ${formatInZone(event.cfpClosesAt, event.timezone)}.` : ''}`}
      </p>
      {props.checklist ? <SetupChecklist eventSlug={event.slug} steps={props.checklist} /> : ''}
      <h2>Proposals and talks</h2>
      <ul class="stats">
        {props.counts.map((c) => (
          <li>
            <strong safe>{String(c.count)}</strong>
            <span safe>{c.state}</span>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/${event.slug}`}>See the public program</a>
        {event.published ? '' : ' (not published yet: only the team can find it)'}
      </p>
    </SiteLayout>
  );
}

/** Each step of setting up an event: what it is, the page that does it, and whether it is done. */
const SETUP_STEPS: Record<SetupStep['key'], { label: string; path: string }> = {
  dates: { label: 'Set the event’s dates', path: 'settings#startsOn' },
  tracks: { label: 'Add tracks', path: 'tracks' },
  sessionTypes: { label: 'Add session types', path: 'session-types' },
  cfp: { label: 'Open the call for proposals', path: 'settings#cfpOpensAt' },
  team: { label: 'Invite the team', path: 'team' },
  rooms: { label: 'Add rooms', path: 'schedule/rooms' },
  schedule: { label: 'Place talks on the schedule', path: 'schedule' },
  release: { label: 'Release the schedule', path: 'schedule/release' },
};

function SetupChecklist(props: { eventSlug: string; steps: SetupStep[] }): JSX.Element {
  const done = props.steps.filter((step) => step.done).length;
  return (
    <section aria-labelledby="setup">
      <h2 id="setup">Setting up</h2>
      <p safe>{`${done} of ${props.steps.length} done.`}</p>
      <ul class="checklist">
        {props.steps.map((step) => {
          const { label, path } = SETUP_STEPS[step.key];
          return (
            <li class={step.done ? 'checklist__item checklist__item--done' : 'checklist__item'}>
              <a href={`/orga/${props.eventSlug}/${path}`} safe>
                {label}
              </a>
              <span>{step.done ? ' — done' : ' — to do'}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
