/* global document, window, fetch, setTimeout */
// The progress of a running proposal (/orga/{event}/schedule/proposal).
//
// Without this script the page refreshes itself every 2 seconds (a meta refresh inside
// <noscript>). With it, the page asks the progress route every second and updates its figures
// in place; once the run is over, it reloads to show the result.
(function () {
  'use strict';

  var section = document.querySelector('[data-proposal-progress]');
  if (!section || typeof fetch !== 'function') return;
  var url = section.getAttribute('data-proposal-progress');
  var TERMS = [
    ['missed', 'missed preferred talks'],
    ['overflow', 'audience over capacity'],
    ['parallel', 'same-track talks in parallel'],
    ['moved', 'talks moved'],
  ];

  function set(field, text) {
    var element = section.querySelector('[data-field="' + field + '"]');
    if (element && element.textContent !== text) element.textContent = text;
  }

  function seconds(ms) {
    return (ms / 1000).toFixed(1) + ' s';
  }

  function show(progress) {
    set('elapsed', seconds(progress.elapsedMs) + ' of ' + seconds(progress.budgetMs));
    set('phase', progress.phase);
    set(
      'best',
      TERMS.map(function (term) {
        return term[1] + ': ' + progress.best[term[0]];
      }).join(', '),
    );
    set('unplaced', String(progress.unplaced));
    set('bound', progress.lowerBound === null ? 'not yet' : progress.lowerBound + ' missed preferred talks');
  }

  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (!state) return setTimeout(poll, 2000);
        if (state.status !== 'running') return window.location.reload();
        if (state.progress) show(state.progress);
        setTimeout(poll, 1000);
      })
      .catch(function () {
        setTimeout(poll, 2000);
      });
  }

  setTimeout(poll, 1000);
})();
