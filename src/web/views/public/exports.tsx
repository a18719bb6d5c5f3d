import type { EventProgram } from '../../../modules/agenda/index.js';
import type { Exporter } from '../../../modules/exchange/index.js';
import { absolute } from '../../../shared/links.js';
import { Layout } from '../layout.js';

/** The address calendar apps subscribe to (and keep refreshing): the file's, with webcal:// for http(s)://. */
export function webcalUrl(publicUrl: string, path: string): string {
  return absolute(publicUrl, path).replace(/^https?:\/\//, 'webcal://');
}

/** The exports page (/{event}/exports): every export of the registry, with what it is for and its address. */
export function ExportsPage(props: {
  program: EventProgram;
  exporters: readonly Exporter[];
  /** LECTERN_PUBLIC_URL: subscription links are absolute, for calendar apps to fetch. */
  publicUrl: string;
}): JSX.Element {
  const { program } = props;
  const schedule = program.schedule;
  return (
    <Layout
      title="Exports"
      event={program}
      section="exports"
      path={`/${program.slug}/exports`}
      description={`The program of ${program.name} as files other software reads: schedule XML and JSON, calendar, CSV.`}
    >
      <div class="page-intro">
        <h1>Exports</h1>
        <p class="lead" safe>
          {schedule
            ? `The program as files for apps, calendars, recording pipelines and spreadsheets, from the schedule released as version ${schedule.version}. Each address always serves the latest release.`
            : `The program as files for apps, calendars, recording pipelines and spreadsheets. ${program.name} has no released schedule yet: the schedule files appear with the first release.`}
        </p>
      </div>
      <ul class="card-grid">
        {props.exporters.map((exporter) => {
          const path = `/${program.slug}/${exporter.fileName}`;
          const available = schedule !== undefined || !exporter.requiresReleasedSchedule;
          return (
            <li class="card">
              <h2 class="card__title">
                {available ? (
                  <a href={path} safe>
                    {exporter.label}
                  </a>
                ) : (
                  <span safe>{exporter.label}</span>
                )}
              </h2>
              <p safe>{exporter.description}</p>
              <p class="card__meta">
                <code safe>{path}</code>
                {available ? '' : <span> · after the first release</span>}
              </p>
              {available && exporter.identifier === 'ical' ? (
                <p class="subscribe">
                  <a class="button" href={webcalUrl(props.publicUrl, path)}>
                    Subscribe in your calendar
                  </a>{' '}
                  <span>
                    Your calendar app then keeps the schedule current as it changes. Apps that ask for an address take{' '}
                    <code safe>{absolute(props.publicUrl, path)}</code>.
                  </span>
                </p>
              ) : (
                ''
              )}
            </li>
          );
        })}
      </ul>
      {schedule ? (
        <p
          safe
        >{`A single talk’s calendar file is its page’s address followed by .ics, such as /${program.slug}/talks/${program.schedule?.slots.find((s) => s.talk)?.talk?.slug ?? 'TALK'}.ics.`}</p>
      ) : (
        ''
      )}
    </Layout>
  );
}
