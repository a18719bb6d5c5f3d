import { pageCount, PROGRAM_PAGE_SIZE, type EventProgram } from '../modules/agenda/index.js';
import { scheduleUrl, speakerUrl, talkUrl, trackUrl } from './views/public/talk-parts.js';

/**
 * The addresses of an event's public pages and JSON that the service worker keeps after a
 * first visit, so that they open offline: the program, every talk, speaker and track, the
 * schedule and each of its days, the changelog, the visitor's agenda, the offline page, and
 * the JSON the agenda and the schedule-change notice read. A list long enough to be shown a page
 * at a time (the program, the speakers, a track's talks) is listed page by page. Pages of the
 * event not listed here are kept once visited.
 */
export function offlinePageUrls(program: EventProgram): string[] {
  const slug = program.slug;
  const urls = [
    ...pagesOf(`/${slug}`, program.talks.length),
    `/${slug}/offline`,
    `/${slug}/agenda`,
    ...pagesOf(`/${slug}/speakers`, program.speakers.length),
    `/${slug}/tracks`,
  ];
  if (program.schedule) {
    urls.push(scheduleUrl(slug), ...program.schedule.days.map((day) => scheduleUrl(slug, day.date)));
  }
  urls.push(`/${slug}/changelog`);
  urls.push(...program.talks.map((talk) => talkUrl(slug, talk)));
  urls.push(...program.speakers.map((speaker) => speakerUrl(slug, speaker)));
  for (const track of program.tracks) urls.push(...pagesOf(trackUrl(slug, track), track.talkCount));
  urls.push(`/api/events/${slug}/talks`);
  if (program.schedule) urls.push(`/api/events/${slug}/schedule`);
  return urls;
}

/** A list's address, then that of each further page (`?page=2`…) when it has more than one. */
function pagesOf(path: string, items: number): string[] {
  return Array.from({ length: pageCount(items, PROGRAM_PAGE_SIZE) }, (_, i) =>
    i === 0 ? path : `${path}?page=${i + 1}`,
  );
}
