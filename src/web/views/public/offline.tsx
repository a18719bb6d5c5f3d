import type { EventProgram } from '../../../modules/agenda/index.js';
import { Layout } from '../layout.js';

/**
 * What the service worker shows, offline, for a page of the event it did not keep: says so,
 * and links to what it kept.
 */
export function OfflinePage(props: { program: EventProgram }): JSX.Element {
  const { program } = props;
  return (
    <Layout title="Not saved for offline reading" event={program} path={`/${program.slug}/offline`}>
      <div class="page-intro">
        <h1>Not saved for offline reading</h1>
        <p class="lead">
          You are offline, and this page is not saved on this device. The program is:{' '}
          <a href={`/${program.slug}`} safe>
            {`${program.name}: the program`}
          </a>
          , with its talks, speakers and schedule.
        </p>
      </div>
    </Layout>
  );
}
