import type { Actor } from '../../../modules/accounts/index.js';
import type { CfpState, EventRecord } from '../../../modules/program/index.js';
import { formatInZone } from '../../../shared/time.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors } from '../forms.js';
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
            <TextField
              name="timezone"
              label="Time zone"
              value={props.values?.timezone ?? 'UTC'}
              required
              hint="Where the event takes place, e.g. America/Los_Angeles."
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
