/* global document, window, fetch, URL, URLSearchParams, FormData, sessionStorage */
// The schedule editor (/orga/{event}/schedule) that keeps up: drag and drop, and forms sent
// without a reload.
//
// The editor works without this script: every talk has a form (room, start, Place) or a page
// with one, and each form posts and comes back to the same day. The script sends those same
// forms (same POST, same CSRF token) with fetch, asking for the editor's live part alone
// (?fragment=editor), and puts it in place of the one on the page: the scroll (the window's, and
// each grid's sideways) and the day stay, what the change did is said in the status line, and a
// refusal is an alert. A drop only fills a form (the talk's, the move form, or the swap form for a
// placed talk dropped on another) and sends it, so both ways end in the same POST and the
// server checks everything the same way. Keyboard and screen-reader users use the forms: after
// a place from its form, focus moves to the placed talk's card.
(function () {
  'use strict';

  var live = document.querySelector('[data-editor-live]');
  if (!live) return;
  var notices = document.querySelector('[data-editor-notices]');
  var status = document.querySelector('[data-editor-status]');
  var PANEL_KEY = 'lectern:schedule-editor:unplaced-panel';
  var dragged = null;
  var busy = false;

  // --- the panel of talks to place: open or folded, as it was left in this tab

  function readPanelState() {
    try {
      return sessionStorage.getItem(PANEL_KEY);
    } catch {
      return null;
    }
  }

  function applyPanelState() {
    var panel = live.querySelector('[data-unplaced-panel]');
    if (!panel) return;
    var stored = readPanelState();
    if (stored === 'closed') panel.removeAttribute('open');
    else if (stored === 'open') panel.setAttribute('open', '');
    panel.addEventListener('toggle', function () {
      try {
        sessionStorage.setItem(PANEL_KEY, panel.open ? 'open' : 'closed');
      } catch {
        // Storage refused (a private window): the panel still folds, for this page.
      }
    });
  }

  // --- scroll: where the window and each scrolling box of the editor were

  var SCROLLERS = '.editor-grid-wrap, .editor-days, .schedule-workspace__side';

  function scrollState() {
    var boxes = live.querySelectorAll(SCROLLERS);
    var state = { x: window.scrollX, y: window.scrollY, boxes: [] };
    for (var i = 0; i < boxes.length; i++) state.boxes.push([boxes[i].scrollLeft, boxes[i].scrollTop]);
    return state;
  }

  function restoreScroll(state) {
    var boxes = live.querySelectorAll(SCROLLERS);
    for (var i = 0; i < boxes.length && i < state.boxes.length; i++) {
      boxes[i].scrollLeft = state.boxes[i][0];
      boxes[i].scrollTop = state.boxes[i][1];
    }
    window.scrollTo(state.x, state.y);
  }

  // --- what a change says

  function clearNotices() {
    var alerts = notices.querySelectorAll('[role="alert"]');
    for (var i = 0; i < alerts.length; i++) alerts[i].parentNode.removeChild(alerts[i]);
    status.textContent = '';
    // The flash of the page as it was loaded speaks of an earlier change.
    var flash = document.querySelector('main > .flash');
    if (flash) flash.parentNode.removeChild(flash);
  }

  function showNotice(root) {
    var notice = root.querySelector('[data-editor-notice]');
    if (!notice) return;
    notice.parentNode.removeChild(notice);
    // An alert is announced as it is added; the status line is there from the start, and says what it is given.
    if (notice.getAttribute('role') === 'alert') notices.appendChild(notice);
    else while (notice.firstChild) status.appendChild(notice.firstChild);
  }

  function showFailure(message) {
    clearNotices();
    var alert = document.createElement('div');
    alert.setAttribute('role', 'alert');
    var text = document.createElement('p');
    text.className = 'flash flash--error';
    text.textContent = message;
    alert.appendChild(text);
    notices.appendChild(alert);
  }

  function focusAfter(result, options) {
    if (!result.ok) {
      var invalid = live.querySelector('[aria-invalid="true"]');
      if (invalid && options.fromForm) invalid.focus();
      return;
    }
    if (!options.fromForm || !options.code) return;
    var card = document.getElementById('talk-' + options.code);
    var target = card ? card.querySelector('.slot__title') : document.getElementById('room-' + options.code);
    if (target) {
      target.focus();
      return;
    }
    var heading = document.getElementById('grid-heading') || document.getElementById('unplaced-heading');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }

  // --- sending a form

  function fragmentUrl(action) {
    var url = new URL(action, window.location.href);
    url.searchParams.set('fragment', 'editor');
    return url.toString();
  }

  function send(form, options) {
    if (busy) return;
    busy = true;
    var body = new URLSearchParams(new FormData(form));
    var scroll = scrollState();
    live.setAttribute('aria-busy', 'true');
    fetch(fragmentUrl(form.action), {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { Accept: 'text/html' },
    })
      .then(function (response) {
        return response.text().then(function (html) {
          return { ok: response.ok, html: html, type: response.headers.get('content-type') || '' };
        });
      })
      .then(function (result) {
        var template = document.createElement('template');
        if (result.type.indexOf('text/html') === 0) template.innerHTML = result.html;
        if (!template.content.querySelector('.schedule-summary')) {
          // Not the editor (an error page: the session ended, the talk is gone): show it as the form would.
          form.submit();
          return;
        }
        clearNotices();
        showNotice(template.content);
        live.replaceChildren(template.content);
        applyPanelState();
        restoreScroll(scroll);
        focusAfter(result, options);
      })
      .catch(function () {
        showFailure('Lectern could not be reached: the change may not be saved. Reload the page to see the schedule.');
      })
      .then(function () {
        busy = false;
        live.removeAttribute('aria-busy');
      });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || (form.method || '').toLowerCase() !== 'post') return;
    var inEditor = live.contains(form) || form.id === 'move-form' || form.id === 'swap-form';
    if (!inEditor) return;
    event.preventDefault();
    var talk = form.elements.namedItem('talk');
    send(form, { fromForm: true, code: talk ? talk.value : undefined });
  });

  // --- drag and drop

  function cellAt(target) {
    var cell = target && target.closest ? target.closest('[data-editor-grid] td') : null;
    if (!cell) return null;
    if (cell.hasAttribute('data-room')) return cell;
    // A placed talk is a target for another placed talk: the two swap.
    var card = cell.querySelector('.slot__body[data-talk]');
    if (card && dragged && dragged.placed && card.getAttribute('data-talk') !== dragged.code) return cell;
    return null;
  }

  function clearHighlight() {
    var marked = live.querySelectorAll('.is-drop-target');
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove('is-drop-target');
  }

  // The talk's own form when it is on the page (a talk still to place), else the page's move form.
  function formFor(code) {
    var forms = live.querySelectorAll('form.place-form[data-talk]');
    for (var i = 0; i < forms.length; i++) {
      if (forms[i].getAttribute('data-talk') === code) return forms[i];
    }
    return document.getElementById('move-form');
  }

  function place(code, cell) {
    var row = cell.parentElement;
    var form = formFor(code);
    if (!form || !row || !row.hasAttribute('data-start')) return;
    var start = row.getAttribute('data-start');
    var startField = form.elements.namedItem('start');
    // A row in the hour clocks go back carries its offset, which a datetime-local field cannot hold.
    if (/[+-]\d\d:\d\d$|Z$/.test(start) && startField.type !== 'hidden') startField.type = 'hidden';
    form.elements.namedItem('talk').value = code;
    form.elements.namedItem('room').value = cell.getAttribute('data-room');
    startField.value = start;
    send(form, { fromForm: false, code: code });
  }

  function swap(first, cell) {
    var form = document.getElementById('swap-form');
    var card = cell.querySelector('.slot__body[data-talk]');
    if (!form || !card) return;
    form.elements.namedItem('first').value = first;
    form.elements.namedItem('second').value = card.getAttribute('data-talk');
    send(form, { fromForm: false, code: first });
  }

  document.addEventListener('dragstart', function (event) {
    var source = event.target && event.target.closest ? event.target.closest('[draggable="true"][data-talk]') : null;
    if (!source) return;
    dragged = { code: source.getAttribute('data-talk'), placed: source.classList.contains('slot__body') };
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', dragged.code);
    source.classList.add('is-dragging');
  });

  document.addEventListener('dragend', function (event) {
    if (event.target && event.target.classList) event.target.classList.remove('is-dragging');
    clearHighlight();
    dragged = null;
  });

  document.addEventListener('dragover', function (event) {
    var cell = cellAt(event.target);
    if (!cell || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (!cell.classList.contains('is-drop-target')) {
      clearHighlight();
      cell.classList.add('is-drop-target');
    }
  });

  document.addEventListener('dragleave', function (event) {
    var cell = cellAt(event.target);
    if (cell) cell.classList.remove('is-drop-target');
  });

  document.addEventListener('drop', function (event) {
    var cell = cellAt(event.target);
    if (!cell || !dragged) return;
    event.preventDefault();
    clearHighlight();
    var code = dragged.code;
    if (cell.hasAttribute('data-room')) place(code, cell);
    else swap(code, cell);
  });

  applyPanelState();
})();
