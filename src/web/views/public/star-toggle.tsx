import { escapeHtml } from '../../../shared/html.js';
import { html, t } from '../../i18n/index.js';

/**
 * The star that puts a talk on "My agenda". A real toggle button (aria-pressed), hidden until
 * the agenda script shows it: without JavaScript there is nowhere to keep the star, so no
 * button promises to. Its name says what it does and for which talk, and begins with the
 * words it shows (so speech control finds it by them).
 */
export function StarToggle(props: { eventSlug: string; talk: { slug: string; title: string } }): JSX.Element {
  return (
    <button
      type="button"
      class="star-toggle"
      data-event={props.eventSlug}
      data-star={props.talk.slug}
      aria-pressed="false"
      aria-label={escapeHtml(t('talk.addToAgendaNamed', { title: props.talk.title }))}
      hidden
    >
      <span class="star-toggle__icon" aria-hidden="true">
        ★
      </span>{' '}
      {html('talk.addToAgenda')}
    </button>
  );
}
