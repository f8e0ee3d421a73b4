// The school calendar's import form: a chosen .ics file is read into the text box. Without this
// script the text is pasted, which works the same. Only what the import reads is kept (events'
// dates, titles and ids), so a calendar full of descriptions still fits in one form.
(function () {
  'use strict';

  var KEEP = /^(BEGIN|END|VERSION|PRODID|UID|DTSTART|DTEND|DURATION|SUMMARY|RRULE|RDATE|RECURRENCE-ID|STATUS)[;:]/i;
  var SKIPPED_BLOCKS = /^(VALARM|VTIMEZONE)$/i;

  function essentials(text) {
    // Unfold first (RFC 5545: a line break followed by a space or tab continues the line).
    var lines = text
      .replace(/\r\n?/g, '\n')
      .replace(/\n[ \t]/g, '')
      .split('\n');
    var kept = [];
    var depth = 0;
    lines.forEach(function (line) {
      var block = /^(BEGIN|END):(\S+)/i.exec(line);
      if (block && SKIPPED_BLOCKS.test(block[2])) {
        depth += block[1].toUpperCase() === 'BEGIN' ? 1 : -1;
        return;
      }
      if (depth === 0 && KEEP.test(line)) kept.push(line);
    });
    return kept.join('\r\n');
  }

  document.addEventListener('DOMContentLoaded', function () {
    var picker = document.querySelector('[data-ics-picker]');
    if (!picker || !window.FileReader) return;
    var input = picker.querySelector('input[type="file"]');
    var box = document.getElementById(input.getAttribute('data-ics-target'));
    if (!box) return;
    picker.hidden = false;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        box.value = essentials(String(reader.result));
        box.focus();
      };
      reader.readAsText(file);
    });
  });
})();
