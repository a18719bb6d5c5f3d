/**
 * The star that puts a talk on "My agenda". A real toggle button (aria-pressed), hidden until
 * the agenda script shows it: without JavaScript there is nowhere to keep the star, so no
 * button promises to. Its name says what it does and for which talk.
 */
export function StarToggle(props: { eventSlug: string; talk: { slug: string; title: string } }): JSX.Element {
  return (
    <button
      type="button"
      class="star-toggle"
      data-event={props.eventSlug}
      data-star={props.talk.slug}
      aria-pressed="false"
      hidden
    >
      <span class="star-toggle__icon" aria-hidden="true">
        ★
      </span>{' '}
      Add to my agenda<span class="visually-hidden" safe>{`: ${props.talk.title}`}</span>
    </button>
  );
}
