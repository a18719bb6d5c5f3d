/* global document, window, fetch, URL */
// My agenda: the stars on talk cards, talk pages and schedule cells, the My agenda page, and a
// shared agenda's "Copy to my agenda" button.
//
// Public pages work without this script: its buttons are hidden until it shows them. Starred
// talks are kept in this browser (localStorage, one entry per event), which is the truth; a
// copy goes to the server (POST once, PUT afterwards) under a token, so that the agenda can be
// shared read-only and subscribed to as a calendar. If the server cannot be reached, the stars
// still work and the next change tries again.
(function () {
  'use strict';

  var PREFIX = 'lectern:agenda:';

  function storage() {
    try {
      return window.localStorage;
    } catch {
      return null; // Storage disabled: nothing can be kept, so no star is shown.
    }
  }

  function load(event) {
    var store = storage();
    var saved;
    try {
      saved = JSON.parse((store && store.getItem(PREFIX + event)) || 'null');
    } catch {
      saved = null; // Not ours, or damaged: start afresh.
    }
    if (!saved || !Array.isArray(saved.talks)) saved = { talks: [] };
    return saved;
  }

  function save(event, state) {
    var store = storage();
    if (store) store.setItem(PREFIX + event, JSON.stringify(state));
  }

  // Changes reach the server one at a time, each sending the list as it is by then.
  var syncing = {};

  function request(method, url, talks) {
    return fetch(url, {
      method: method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ talks: talks }),
    });
  }

  function pushOnce(event) {
    var state = load(event);
    var base = '/api/events/' + encodeURIComponent(event) + '/agendas';
    var put = state.token
      ? request('PUT', base + '/' + encodeURIComponent(state.token), state.talks)
      : Promise.resolve({ status: 404 });
    return put.then(function (response) {
      // No agenda yet, or the server no longer knows it: make a new one.
      if (response.status !== 404) return response;
      if (state.talks.length === 0 && !state.token) return response;
      return request('POST', base, state.talks).then(function (created) {
        if (created.status !== 201) return created;
        return created.json().then(function (body) {
          var now = load(event);
          now.token = body.token;
          now.url = body.url;
          now.icalUrl = body.icalUrl;
          save(event, now);
          renderShare(event);
          // Stars given while the agenda was being created go with the next request.
          if (now.talks.join(' ') !== state.talks.join(' ')) return pushOnce(event);
          return created;
        });
      });
    });
  }

  function push(event) {
    var previous = syncing[event] || Promise.resolve();
    syncing[event] = previous
      .then(function () {
        return pushOnce(event);
      })
      .catch(function () {
        return undefined;
      });
    return syncing[event];
  }

  function setStar(event, talk, starred) {
    var state = load(event);
    var at = state.talks.indexOf(talk);
    if (starred && at < 0) state.talks.push(talk);
    if (!starred && at >= 0) state.talks.splice(at, 1);
    save(event, state);
    refresh();
    push(event);
  }

  function refreshButtons() {
    var buttons = document.querySelectorAll('button[data-star]');
    // Each event's list read once, not once per button (a schedule day has hundreds).
    var starredIn = {};
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      var eventSlug = button.getAttribute('data-event');
      if (!starredIn[eventSlug]) starredIn[eventSlug] = new Set(load(eventSlug).talks);
      var pressed = starredIn[eventSlug].has(button.getAttribute('data-star')) ? 'true' : 'false';
      // Only what changes is written: each write makes the browser look at the button's style again.
      if (button.getAttribute('aria-pressed') !== pressed) button.setAttribute('aria-pressed', pressed);
      // Its place on the page was kept while it was hidden (lectern.css): showing it only repaints.
      if (button.hidden) button.hidden = false;
    }
  }

  // My agenda: shows the starred entries and marks those that overlap in time.
  function renderAgenda() {
    var root = document.querySelector('[data-my-agenda]');
    if (!root) return;
    var event = root.getAttribute('data-my-agenda');
    var starred = load(event).talks;
    var shown = 0;
    var old = root.querySelectorAll('.agenda-clash');
    for (var c = 0; c < old.length; c++) old[c].remove();
    var sections = root.querySelectorAll('[data-agenda-section]');
    for (var s = 0; s < sections.length; s++) {
      var entries = sections[s].querySelectorAll('.agenda-entry');
      var visible = [];
      for (var e = 0; e < entries.length; e++) {
        var on = starred.indexOf(entries[e].getAttribute('data-talk')) >= 0;
        entries[e].hidden = !on;
        if (on) visible.push(entries[e]);
      }
      sections[s].hidden = visible.length === 0;
      shown += visible.length;
      markClashes(visible);
    }
    root.querySelector('[data-agenda-empty]').hidden = shown > 0;
    renderShare(event);
  }

  function markClashes(entries) {
    var timed = entries.filter(function (entry) {
      return entry.hasAttribute('data-start');
    });
    var group = [];
    var groupEnd = 0;
    function close() {
      if (group.length < 2) return;
      var note = document.createElement('li');
      note.className = 'agenda-clash';
      // The note sits inside the item: a list may hold only items (role=note on an <li> is not allowed).
      var text = document.createElement('span');
      text.setAttribute('role', 'note');
      // The words come from the page (data-text-clash on the agenda), in its language.
      var root = group[0].closest('[data-text-clash]');
      var template = (root && root.getAttribute('data-text-clash')) || '{count} talks at {time}: choose one';
      text.textContent = template
        .replace('{count}', String(group.length))
        .replace('{time}', group[0].getAttribute('data-time'));
      note.append(text);
      group[0].before(note);
    }
    for (var i = 0; i < timed.length; i++) {
      var start = Number(timed[i].getAttribute('data-start'));
      var end = Number(timed[i].getAttribute('data-end'));
      if (group.length > 0 && start < groupEnd) {
        group.push(timed[i]);
        groupEnd = Math.max(groupEnd, end);
        continue;
      }
      close();
      group = [timed[i]];
      groupEnd = end;
    }
    close();
  }

  function renderShare(event) {
    var root = document.querySelector('[data-my-agenda]');
    if (!root || root.getAttribute('data-my-agenda') !== event) return;
    var share = root.querySelector('[data-agenda-share]');
    var state = load(event);
    if (!state.url || state.talks.length === 0) {
      share.hidden = true;
      return;
    }
    var link = share.querySelector('[data-agenda-url]');
    link.href = state.url;
    link.textContent = state.url;
    share.querySelector('[data-agenda-ical]').href = state.icalUrl;
    var qr = share.querySelector('[data-agenda-qr]');
    var qrUrl = new URL(state.url).pathname + '/qr.svg';
    if (qr.getAttribute('src') !== qrUrl) qr.src = qrUrl;
    share.hidden = false;
  }

  function refresh() {
    refreshButtons();
    renderAgenda();
  }

  function setUpCopy() {
    var button = document.querySelector('button[data-copy-agenda]');
    if (!button) return;
    var event = button.getAttribute('data-copy-agenda');
    var status = document.querySelector('[data-copy-status]');
    button.hidden = false;
    button.addEventListener('click', function () {
      var talks = (button.getAttribute('data-talks') || '').split(' ').filter(Boolean);
      var state = load(event);
      var added = 0;
      for (var i = 0; i < talks.length; i++) {
        if (state.talks.indexOf(talks[i]) < 0) {
          state.talks.push(talks[i]);
          added++;
        }
      }
      save(event, state);
      refresh();
      push(event);
      status.textContent = '';
      // The words come from the button's data-text-* attributes, in the page's language.
      var template =
        added === 1
          ? button.getAttribute('data-text-copied-one') || '1 talk added to {link}.'
          : (button.getAttribute('data-text-copied-other') || '{count} talks added to {link}.').replace(
              '{count}',
              String(added),
            );
      var link = document.createElement('a');
      link.href = '/' + encodeURIComponent(event) + '/agenda';
      link.textContent = button.getAttribute('data-text-your-agenda') || 'your agenda';
      var parts = template.split('{link}');
      status.append(parts[0], link, parts.slice(1).join(''));
    });
  }

  function start() {
    if (!storage()) return;
    var notice = document.querySelector('[data-agenda-noscript]');
    if (notice) notice.hidden = true;
    document.addEventListener('click', function (event) {
      var button = event.target.closest && event.target.closest('button[data-star]');
      if (!button) return;
      var talk = button.getAttribute('data-star');
      var eventSlug = button.getAttribute('data-event');
      setStar(eventSlug, talk, button.getAttribute('aria-pressed') !== 'true');
    });
    // Another tab changed the agenda: show it here too.
    window.addEventListener('storage', function (change) {
      if (change.key && change.key.indexOf(PREFIX) === 0) refresh();
    });
    setUpCopy();
    refresh();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
