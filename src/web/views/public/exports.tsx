import type { EventProgram } from '../../../modules/agenda/index.js';
import type { Exporter } from '../../../modules/exchange/index.js';
import { absolute } from '../../../shared/links.js';
import { Layout } from '../layout.js';
import { html, isMessageKey, t } from '../../i18n/index.js';

/** An exporter's words on the page, in the page's language when the catalogue has them. */
function exporterText(exporter: Exporter, part: 'label' | 'description'): string {
  const key = `export.${exporter.identifier}.${part}`;
  return isMessageKey(key) ? t(key) : exporter[part];
}

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
      title={t('layout.exports')}
      event={program}
      section="exports"
      path={`/${program.slug}/exports`}
      description={t('exports.description', { event: program.name })}
    >
      <div class="page-intro">
        <h1>{html('layout.exports')}</h1>
        <p class="lead" safe>
          {schedule
            ? t('exports.lead', { version: schedule.version })
            : t('exports.leadUnreleased', { event: program.name })}
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
                    {exporterText(exporter, 'label')}
                  </a>
                ) : (
                  <span safe>{exporterText(exporter, 'label')}</span>
                )}
              </h2>
              <p safe>{exporterText(exporter, 'description')}</p>
              <p class="card__meta">
                <code safe>{path}</code>
                {available ? '' : <span>{html('exports.afterRelease')}</span>}
              </p>
              {available && exporter.identifier === 'ical' ? (
                <p class="subscribe">
                  <a class="button" href={webcalUrl(props.publicUrl, path)}>
                    {html('exports.subscribe')}
                  </a>{' '}
                  <span>
                    {html('exports.subscribeHint')} <code safe>{absolute(props.publicUrl, path)}</code>.
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
        <p safe>
          {t('exports.talkIcs', {
            example: `/${program.slug}/talks/${program.schedule?.slots.find((s) => s.talk)?.talk?.slug ?? 'TALK'}.ics`,
          })}
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}
