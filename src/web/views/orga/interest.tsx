import type { Actor } from '../../../modules/accounts/index.js';
import type {
  BallotImportReport,
  InterestBallotState,
  InterestCounts,
  TalkInterest,
} from '../../../modules/interest-ballots/index.js';
import type { EventRecord } from '../../../modules/program/index.js';
import { formatInZone, toLocalInputValue } from '../../../shared/time.js';
import { CsrfField, ErrorSummary, PostButton, TextArea, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, type SiteLayoutProps } from '../site-layout.js';

export interface InterestPageProps {
  actor: Actor;
  csrf: string;
  flash?: SiteLayoutProps['flash'];
  event: EventRecord;
  state: InterestBallotState;
  /** Undefined while the event is not published: the ballot lists the published program. */
  counts: InterestCounts | undefined;
  report?: BallotImportReport | undefined;
  errors?: FormErrors | undefined;
  values?: { closesAt?: string; expectedAttendance?: string; csv?: string } | undefined;
}

/** "Room 2 (80 seats): too small"; a dash for a talk not placed. */
function roomText(row: TalkInterest): string {
  if (!row.room) return '–';
  const seats = row.room.capacity === null ? '' : ` (${row.room.capacity} seats)`;
  return `${row.room.roomName}${seats}${row.roomTooSmall ? ': too small' : ''}`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** /orga/{event}/interest: open or close the ballot, the expected attendance, counts per talk, CSV import. */
export function InterestPage(props: InterestPageProps): JSX.Element {
  const { event, state, counts, report } = props;
  const base = `/orga/${event.slug}/interest`;
  const zone = event.timezone;
  return (
    <SiteLayout
      title="Interest"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      orga={{ event, section: 'interest', organiser: true }}
    >
      <h1>Interest</h1>
      <p>
        While the interest ballot is open, attendees mark the talks they want to see on{' '}
        <a href={`/${event.slug}/interest`} safe>
          {`/${event.slug}/interest`}
        </a>{' '}
        (no account; one ballot per browser). You see how many marked each talk, never who. A talk's expected audience
        is its share of the ballots times the attendance you expect.
      </p>
      <ErrorSummary
        errors={props.errors}
        labels={{ closesAt: 'Closes at', expectedAttendance: 'Expected attendance', csv: 'Ballots (CSV)' }}
      />
      <section aria-labelledby="ballot-state">
        <h2 id="ballot-state">The ballot</h2>
        {state.open ? (
          <>
            <p>{state.closesAt ? `Open until ${formatInZone(state.closesAt, zone)}.` : 'Open until you close it.'}</p>
            <PostButton action={`${base}/close`} csrf={props.csrf} label="Close the ballot" />
          </>
        ) : (
          <form class="form" method="post" action={`${base}/open`} novalidate>
            <p>Closed: attendees cannot mark talks.</p>
            <CsrfField token={props.csrf} />
            <TextField
              name="closesAt"
              label="Closes at"
              type="datetime-local"
              value={props.values?.closesAt ?? toLocalInputValue(state.closesAt, zone)}
              hint={`In ${zone}. Leave empty to close it yourself.`}
              errors={props.errors}
            />
            <div class="actions">
              <button type="submit">Open the ballot</button>
            </div>
          </form>
        )}
      </section>
      <section aria-labelledby="attendance">
        <h2 id="attendance">Expected attendance</h2>
        <form class="form" method="post" action={`${base}/attendance`} novalidate>
          <CsrfField token={props.csrf} />
          <TextField
            name="expectedAttendance"
            label="Expected attendance"
            type="number"
            min={1}
            value={props.values?.expectedAttendance ?? state.expectedAttendance}
            hint="How many people you expect; empty if you do not know."
            errors={props.errors}
          />
          <div class="actions">
            <button type="submit">Save attendance</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="counts">
        <h2 id="counts">Counts per talk</h2>
        {counts === undefined ? (
          <p>The event is not published: the ballot lists the published program.</p>
        ) : (
          <>
            <p safe>
              {`${counts.ballots} ballot${counts.ballots === 1 ? '' : 's'}${counts.agendas > 0 ? ` and ${counts.agendas} starred agenda${counts.agendas === 1 ? '' : 's'}` : ''}, most marked talks first.`}
            </p>
            <p>
              Once the schedule is released, attendees star talks in My agenda: each shared agenda then counts as a
              ballot too, its starred talks as marked. Someone with both counts twice.
            </p>
            <div class="table-wrap">
              <table class="data">
                <thead>
                  <tr>
                    <th scope="col">Talk</th>
                    <th scope="col">Ballots</th>
                    <th scope="col">Share</th>
                    <th scope="col">Expected audience</th>
                    <th scope="col">Room</th>
                  </tr>
                </thead>
                <tbody>
                  {counts.talks.map((row) => (
                    <tr>
                      <td safe>{row.talk.title}</td>
                      <td safe>{String(row.count)}</td>
                      <td safe>{percent(row.share)}</td>
                      <td safe>{row.expectedAudience === null ? '–' : String(row.expectedAudience)}</td>
                      <td safe>{roomText(row)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <section aria-labelledby="import">
        <h2 id="import">Import ballots</h2>
        <p>
          For ballots collected elsewhere: one line per attendee, naming talks by slug or GUID, separated by commas or
          spaces. An import replaces the previous import; ballots cast on the site stay. A file with any unknown talk
          imports nothing.
        </p>
        {report ? (
          <div class={report.unknown.length > 0 ? 'warning-box' : 'success-box'} role="status">
            <p safe>
              {`${report.linesRead} line${report.linesRead === 1 ? '' : 's'} read, ${report.ballotsWritten} ballot${report.ballotsWritten === 1 ? '' : 's'} written.`}
            </p>
            {report.unknown.length > 0 ? (
              <ul>
                {report.unknown.map((u) => (
                  <li safe>{`Line ${u.line}: no talk "${u.id}"`}</li>
                ))}
              </ul>
            ) : (
              ''
            )}
          </div>
        ) : (
          ''
        )}
        <form class="form" method="post" action={`${base}/import`} novalidate>
          <CsrfField token={props.csrf} />
          <TextArea
            name="csv"
            label="Ballots (CSV)"
            rows={8}
            value={props.values?.csv}
            hint="Paste the file's text."
            errors={props.errors}
          />
          <div class="actions">
            <button type="submit">Import</button>
          </div>
        </form>
      </section>
    </SiteLayout>
  );
}
