import { escapeHtml } from '../../../shared/html.js';
import { html, t } from '../../i18n/index.js';

/** The links between the pages of a long list: previous, where we are, next. Nothing for one page. */
export function Pager(props: { page: number; pages: number; href: (page: number) => string }): JSX.Element {
  const { page, pages } = props;
  if (pages <= 1) return '';
  return (
    <nav class="day-nav pager" aria-label={escapeHtml(t('pager.label'))}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={props.href(page - 1)} rel="prev">
              {html('pager.previous')}
            </a>
          </li>
        ) : (
          ''
        )}
        <li class="pager__position" aria-current="page" safe>
          {t('pager.position', { page, pages })}
        </li>
        {page < pages ? (
          <li>
            <a href={props.href(page + 1)} rel="next">
              {html('pager.next')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}
