import type { EventProgram } from '../modules/agenda/index.js';
import { scheduleUrl, speakerUrl, talkUrl, trackUrl } from './views/public/talk-parts.js';

/**
 * The addresses of an event's public pages and JSON that the service worker keeps after a
 * first visit, so that they open offline: the program, every talk, speaker and track, the
 * schedule and each of its days, the changelog, the visitor's agenda, the offline page, and
 * the JSON the agenda and the schedule-change notice read. Pages of the event not listed here
 * are kept once visited.
 */
export function offlinePageUrls(program: EventProgram): string[] {
  const slug = program.slug;
  const urls = [`/${slug}`, `/${slug}/offline`, `/${slug}/agenda`, `/${slug}/speakers`, `/${slug}/tracks`];
  if (program.schedule) {
    urls.push(scheduleUrl(slug), ...program.schedule.days.map((day) => scheduleUrl(slug, day.date)));
  }
  urls.push(`/${slug}/changelog`);
  urls.push(...program.talks.map((talk) => talkUrl(slug, talk)));
  urls.push(...program.speakers.map((speaker) => speakerUrl(slug, speaker)));
  urls.push(...program.tracks.map((track) => trackUrl(slug, track)));
  urls.push(`/api/events/${slug}/talks`);
  if (program.schedule) urls.push(`/api/events/${slug}/schedule`);
  return urls;
}
