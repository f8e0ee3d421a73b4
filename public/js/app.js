// Tandem's small browser script. Pages work without it; it places focus well after htmx
// swaps, shows a message when the network fails, and disables an absent student's data inputs.
(function () {
  'use strict';

  function focusFirst(root) {
    // A page restored from history has no swap target: there is nothing to place focus in.
    if (!root) return;
    var target = root.querySelector('[data-focus-after-swap]') || root.querySelector('[aria-invalid="true"]');
    if (target) target.focus();
  }

  // A student marked as not there has no data: their data inputs are disabled (and so not sent)
  // while the attendance says so. Without this script the server ignores them, and the form says so.
  function matchAttendance(select) {
    var block = select.closest('.session-student');
    var data = block && block.querySelector('[data-student-data]');
    if (!data) return;
    var away = select.value !== 'attended';
    data.querySelectorAll('input, select, textarea, button').forEach(function (control) {
      control.disabled = away;
    });
  }

  document.addEventListener('change', function (event) {
    if (event.target.matches && event.target.matches('select[data-attendance]')) matchAttendance(event.target);
  });

  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.querySelector('[data-focus-on-load]');
    if (summary) summary.focus();
    document.querySelectorAll('select[data-attendance]').forEach(matchAttendance);
  });

  document.addEventListener('htmx:afterSwap', function (event) {
    // A page restored from history has no swap target: leave focus where the browser puts it.
    if (!event.detail.target) return;
    // A field checked on blur never pulls focus back: the user has moved on.
    if (event.detail.requestConfig && event.detail.requestConfig.elt && event.detail.requestConfig.elt.matches('input, select, textarea'))
      return;
    // A live search keeps focus in its box; a form swap moves focus to what needs attention.
    var active = document.activeElement;
    if (active && active.matches('input[type="search"], select') && !event.detail.target.contains(active)) return;
    focusFirst(event.detail.target);
  });

  // A form that autosaves (the note editor) is also submitted whole, by Save or Finalise. An autosave
  // on its way would change the note's version under that submit, so the submit waits for it (and
  // then carries the new version); once submitted, no autosave starts.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-autosave]')) return;
    if (form.classList.contains('htmx-request')) {
      event.preventDefault();
      var submitter = event.submitter;
      form.addEventListener(
        'htmx:afterRequest',
        function () {
          form.requestSubmit(submitter);
        },
        { once: true },
      );
      return;
    }
    form.setAttribute('data-submitting', '');
  });

  document.addEventListener('htmx:beforeRequest', function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute('data-submitting')) event.preventDefault();
  });

  // A page shown again from the back/forward cache may autosave again.
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-submitting]').forEach(function (form) {
      form.removeAttribute('data-submitting');
    });
  });

  document.addEventListener('htmx:sendError', function () {
    var region = document.getElementById('request-error');
    if (region) {
      region.innerHTML = '';
      var p = document.createElement('p');
      p.className = 'flash flash-error';
      p.textContent = 'Tandem could not be reached. Check your connection and try again.';
      region.appendChild(p);
    }
  });
})();

// The schedule's slot form (views/schedule/slot.eta): with "Once" chosen, the day of the week and
// the last day do not apply, so they are hidden. Without this script they stay in view, and their
// hints say they are not used for a one-off session; the server ignores them then either way.
(function () {
  'use strict';

  function matchRepeat(form) {
    var once = form && form.querySelector('input[name="repeat"][value="once"]');
    if (!once) return;
    form.querySelectorAll('[data-weekly-only]').forEach(function (part) {
      part.hidden = once.checked;
    });
  }

  function matchAll() {
    document.querySelectorAll('form.slot-form').forEach(matchRepeat);
  }

  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target.matches && target.matches('form.slot-form input[name="repeat"]')) matchRepeat(target.form);
  });
  document.addEventListener('DOMContentLoaded', matchAll);
  document.addEventListener('htmx:afterSettle', matchAll);
})();

// The student list's bulk team form (views/students/index.eta, _results.eta): "Select all on this
// page" ticks every student's box in the list. Without this script that box stays hidden and the
// admin ticks each student; the form works the same either way.
(function () {
  'use strict';

  function boxesOf(form) {
    return document.querySelectorAll('input[type="checkbox"][name="studentIds"][form="' + form + '"]');
  }

  function matchSelectAll() {
    document.querySelectorAll('input[data-select-all]').forEach(function (all) {
      var boxes = Array.prototype.slice.call(boxesOf(all.getAttribute('data-select-all')));
      var ticked = boxes.filter(function (box) {
        return box.checked;
      }).length;
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
      var label = all.closest('[data-select-all-label]');
      if (label) label.hidden = false;
    });
  }

  document.addEventListener('change', function (event) {
    var target = event.target;
    if (!target.matches) return;
    if (target.matches('input[data-select-all]')) {
      boxesOf(target.getAttribute('data-select-all')).forEach(function (box) {
        box.checked = target.checked;
      });
    } else if (target.matches('input[name="studentIds"][form]')) {
      matchSelectAll();
    }
  });
  document.addEventListener('DOMContentLoaded', matchSelectAll);
  document.addEventListener('htmx:afterSettle', matchSelectAll);
})();

// The header's menus (views/layout.eta) are <details> disclosures: they open and close without this
// script. With it, Escape closes the open one and puts focus back on its button, and a click
// elsewhere on the page closes it, as a menu does.
(function () {
  'use strict';

  function openMenus() {
    return document.querySelectorAll('details[data-disclosure][open]');
  }

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    openMenus().forEach(function (menu) {
      menu.open = false;
      if (menu.contains(document.activeElement)) menu.querySelector('summary').focus();
    });
  });

  document.addEventListener('click', function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });
})();
