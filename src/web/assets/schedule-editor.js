/* global document */
// Drag and drop for the schedule editor (/orga/{event}/schedule).
//
// The editor works without this script: every talk has a form (room, start, Place) or a page
// with one. A drop only fills that form with the cell's room and start time and submits it, so
// both ways end in the same POST and the server checks everything the same way. Keyboard and
// screen-reader users use the forms; the cells are drop targets for a pointer only.
(function () {
  'use strict';

  var grid = document.querySelector('[data-editor-grid]');
  if (!grid) return;
  var dragged = null;

  function cellAt(target) {
    return target && target.closest ? target.closest('td[data-room]') : null;
  }

  function clearHighlight() {
    var marked = grid.querySelectorAll('.is-drop-target');
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove('is-drop-target');
  }

  // The talk's own form when it is on the page (a talk still to place), else the page's move form.
  function formFor(code) {
    var forms = document.querySelectorAll('form.place-form[data-talk]');
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
    if (typeof form.requestSubmit === 'function') form.requestSubmit();
    else form.submit();
  }

  document.addEventListener('dragstart', function (event) {
    var source = event.target && event.target.closest ? event.target.closest('[draggable="true"][data-talk]') : null;
    if (!source) return;
    dragged = source.getAttribute('data-talk');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', dragged);
    source.classList.add('is-dragging');
  });

  document.addEventListener('dragend', function (event) {
    if (event.target && event.target.classList) event.target.classList.remove('is-dragging');
    clearHighlight();
    dragged = null;
  });

  grid.addEventListener('dragover', function (event) {
    var cell = cellAt(event.target);
    if (!cell || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (!cell.classList.contains('is-drop-target')) {
      clearHighlight();
      cell.classList.add('is-drop-target');
    }
  });

  grid.addEventListener('dragleave', function (event) {
    var cell = cellAt(event.target);
    if (cell) cell.classList.remove('is-drop-target');
  });

  grid.addEventListener('drop', function (event) {
    var cell = cellAt(event.target);
    var code = dragged || event.dataTransfer.getData('text/plain');
    if (!cell || !code) return;
    event.preventDefault();
    clearHighlight();
    place(code, cell);
  });
})();
