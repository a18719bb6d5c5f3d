/* global document, window, navigator, caches, fetch, localStorage, MessageChannel, setTimeout */
// Offline reading of an event's pages, and the notice that the schedule changed.
//
// Loaded (deferred) by every public page. It registers the service worker (/sw.js, see
// service-worker.js), then, on an event's page:
// 1. online, compares the event's schedule as the worker kept it with the one served now; when
//    a new release moved talks the visitor starred (My agenda's localStorage entry
//    lectern:agenda:{event}, {"talks": [talk slugs], ...}), it says so above the page;
// 2. asks the worker to keep the event's pages (it fetches them only when they changed), and
//    marks <html data-offline="ready"> once they are kept.
// All of it waits until the page has loaded and the browser is idle: keeping an event's pages
// fetches each of them (38C3: over a thousand), which must not compete with the page being read.
// The pages work the same without it.
(function () {
  'use strict';

  if (!('serviceWorker' in navigator)) return;
  var script = document.currentScript;
  var event = script ? script.getAttribute('data-event') : null;
  // The notice's words, in the page's language: the page puts its catalogue's on <main>.
  function text(name, fallback) {
    var main = document.getElementById('main');
    return (main && main.getAttribute('data-text-' + name)) || fallback;
  }

  /** Appends `template` to `parent`, with `link` where it says {link}. */
  function appendWithLink(parent, template, link) {
    var parts = template.split('{link}');
    parent.append(parts[0] || '');
    if (parts.length > 1) parent.append(link, parts.slice(1).join(''));
    else parent.append(' ', link);
  }

  function starredTalks(slug) {
    try {
      // My agenda keeps {"talks": [slugs], ...} (my-agenda.js); a bare list is read too.
      var saved = JSON.parse(localStorage.getItem('lectern:agenda:' + slug) || 'null');
      var starred = Array.isArray(saved) ? saved : saved && Array.isArray(saved.talks) ? saved.talks : [];
      return starred.filter((talk) => typeof talk === 'string');
    } catch {
      return [];
    }
  }

  /** Each talk's place in a schedule (the public JSON): its start and room. */
  function places(schedule) {
    var found = new Map();
    for (var slot of schedule.slots) {
      if (slot.talk) found.set(slot.talk, slot.start + ' ' + (slot.room || ''));
    }
    return found;
  }

  /** The release changed since the worker kept the schedule: how many starred talks moved, else undefined. */
  async function scheduleChange(slug) {
    var url = '/api/events/' + slug + '/schedule';
    var kept = await caches.match(url, { ignoreVary: true });
    if (!kept) return undefined;
    // The ETag (a hash of the schedule) says whether it changed: a HEAD asks for it alone, and
    // the schedule (large for a busy event) is fetched and read only when it did.
    var keptTag = kept.headers.get('etag');
    if (keptTag) {
      var head = await fetch(url, { method: 'HEAD', cache: 'no-store' });
      if (head.ok && head.headers.get('etag') === keptTag) return undefined;
    }
    var fresh = await fetch(url, { cache: 'no-store' });
    if (!fresh.ok) return undefined;
    var before = await kept.json();
    var after = await fresh.json();
    if (before.version === after.version) return undefined;
    var was = places(before);
    var now = places(after);
    var moved = starredTalks(slug).filter((talk) => was.get(talk) !== now.get(talk));
    return moved.length;
  }

  function showNotice(slug, moved) {
    var main = document.getElementById('main');
    if (!main) return;
    var notice = document.createElement('p');
    notice.className = 'schedule-notice';
    notice.setAttribute('role', 'status');
    var link = document.createElement('a');
    if (moved > 0) {
      link.href = '/' + slug + '/agenda';
      link.textContent =
        moved === 1
          ? text('moved-one', '1 of your talks moved')
          : text('moved-other', '{count} of your talks moved').replace('{count}', String(moved));
      appendWithLink(notice, text('changed-moved', 'The schedule changed: {link}'), link);
    } else {
      link.href = '/' + slug + '/changelog';
      link.textContent = text('see-changes', 'See what changed');
      appendWithLink(notice, text('changed', 'The schedule changed. {link}'), link);
    }
    main.insertBefore(notice, main.firstChild);
  }

  function askWorker(worker, message) {
    return new Promise((resolve) => {
      var channel = new MessageChannel();
      channel.port1.onmessage = (reply) => resolve(reply.data || {});
      worker.postMessage(message, [channel.port2]);
    });
  }

  /** Once the page has loaded, when the browser is idle (or after 3 seconds at most). */
  function idle() {
    return new Promise((resolve) => {
      var later = () =>
        window.requestIdleCallback
          ? window.requestIdleCallback(() => resolve(), { timeout: 3000 })
          : setTimeout(resolve, 0);
      if (document.readyState === 'complete') later();
      else window.addEventListener('load', later, { once: true });
    });
  }

  async function start() {
    await idle();
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    if (!event || !navigator.onLine) return;
    // Before the worker keeps the new pages: what it kept is the schedule this visitor last saw.
    var moved = await scheduleChange(event).catch(() => undefined);
    if (moved !== undefined) showNotice(event, moved);
    var registration = await navigator.serviceWorker.ready;
    var answer = await askWorker(registration.active, { type: 'keep-event', event: event });
    document.documentElement.setAttribute('data-offline', answer.kept ? 'ready' : 'failed');
  }

  start().catch(() => {
    document.documentElement.setAttribute('data-offline', 'failed');
  });
})();
