import type { EventProgram } from '../../../modules/agenda/index.js';
import { Layout } from '../layout.js';
import { html, t } from '../../i18n/index.js';

/**
 * What the service worker shows, offline, for a page of the event it did not keep: says so,
 * and links to what it kept.
 */
export function OfflinePage(props: { program: EventProgram }): JSX.Element {
  const { program } = props;
  return (
    <Layout title={t('offline.title')} event={program} path={`/${program.slug}/offline`}>
      <div class="page-intro">
        <h1>{html('offline.title')}</h1>
        <p class="lead">
          {html('offline.lead')}{' '}
          <a href={`/${program.slug}`} safe>
            {t('offline.programLink', { event: program.name })}
          </a>
          {html('offline.leadEnd')}
        </p>
      </div>
    </Layout>
  );
}
