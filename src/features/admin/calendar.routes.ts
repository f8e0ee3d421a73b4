import { Router } from 'express';
import type { Response } from 'express';
import { today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { plural } from '../../web/view-helpers.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import type { FieldErrors } from '../../web/validation.js';
import { dayOffForm, importForm, yearForm } from './calendar.schema.js';
import {
  addDayOff,
  addSchoolYear,
  calendarOverview,
  importDaysOff,
  impossibleText,
  removeDayOff,
  removeSchoolYear,
  someNames,
} from './calendar.service.js';
import type { ImportResult } from './calendar.service.js';

type FormState = { values: Record<string, unknown>; errors: FieldErrors };
/** The page's three forms: the one just sent keeps what was typed and its messages. */
type PageState = { year?: FormState; dayOff?: FormState; import?: FormState };

const empty: FormState = { values: {}, errors: {} };
const PAGE = '/admin/calendar';

export function calendarRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);

  const page = async (res: Response, state: PageState = {}, status = 200) => {
    const overview = await calendarOverview(ctx.db, today(ctx.config.timeZone));
    render(
      res,
      'admin/calendar/index',
      { title: 'School calendar', ...overview, year: state.year ?? empty, dayOff: state.dayOff ?? empty, import: state.import ?? empty },
      { status },
    );
  };

  router.get(PAGE, allow('admin.calendar'), (_req, res) => page(res));

  router.post(`${PAGE}/school-years`, allow('admin.calendar'), async (req, res) => {
    const form = parseForm(yearForm, req.body);
    const added = form.ok ? await attempt(() => addSchoolYear(ctx.db, callerOf(req), form.data)) : form;
    if (!added.ok) return page(res, { year: { values: form.values, errors: added.errors } }, 422);
    flash(req, 'success', `Added the school year “${String(form.values.name).trim()}”.`);
    res.redirect(303, PAGE);
  });

  router.post(`${PAGE}/school-years/:id/remove`, allow('admin.calendar'), async (req, res) => {
    await removeSchoolYear(ctx.db, callerOf(req), idParam(req.params.id));
    flash(req, 'success', 'School year removed.');
    res.redirect(303, PAGE);
  });

  router.post(`${PAGE}/days-off`, allow('admin.calendar'), async (req, res) => {
    const form = parseForm(dayOffForm, req.body);
    const added = form.ok ? await attempt(() => addDayOff(ctx.db, callerOf(req), form.data)) : form;
    if (!added.ok) return page(res, { dayOff: { values: form.values, errors: added.errors } }, 422);
    flash(req, 'success', `Added “${String(form.values.name).trim()}”: no minutes fall due and the evaluation clock stops on those days.`);
    res.redirect(303, PAGE);
  });

  router.post(`${PAGE}/days-off/:id/remove`, allow('admin.calendar'), async (req, res) => {
    await removeDayOff(ctx.db, callerOf(req), idParam(req.params.id));
    flash(req, 'success', 'Day off removed: it is a school day again.');
    res.redirect(303, PAGE);
  });

  router.post(`${PAGE}/import`, allow('admin.calendar'), async (req, res) => {
    const form = parseForm(importForm, req.body);
    const imported = form.ok ? await attempt(() => importDaysOff(ctx.db, callerOf(req), form.data)) : form;
    if (!imported.ok) return page(res, { import: { values: form.values, errors: imported.errors } }, 422);
    for (const message of importMessages(imported.value)) flash(req, message.kind, message.text);
    res.redirect(303, PAGE);
  });

  return router;
}

/** What an import did, in words: "Imported 14 days off (3 updated, 1 already entered, 2 events with times skipped)." */
function importMessages(result: ImportResult): { kind: 'success' | 'info'; text: string }[] {
  const notes = [
    result.updated ? `${result.updated} updated` : '',
    result.alreadyEntered ? `${result.alreadyEntered} already entered` : '',
    result.weekend ? `${plural(result.weekend, 'event on a weekend', 'events on weekends')} skipped` : '',
    result.timed ? `${plural(result.timed, 'event with a time', 'events with times')} skipped` : '',
    result.repeating
      ? `${plural(result.repeating, 'repeating event')} skipped: enter ${result.repeating === 1 ? 'it' : 'them'} by hand`
      : '',
    result.unreadable ? `${plural(result.unreadable, 'event')} that could not be read skipped` : '',
  ].filter(Boolean);
  const details = notes.length ? ` (${notes.join(', ')})` : '';
  const messages: { kind: 'success' | 'info'; text: string }[] = [
    result.imported
      ? { kind: 'success', text: `Imported ${plural(result.imported, 'day off', 'days off')}${details}.` }
      : { kind: 'info', text: `No new days off to import${details}.` },
  ];
  if (result.impossible.length) {
    messages.push({
      kind: 'info',
      text: `${impossibleText(result.impossible)} Check ${result.impossible.length === 1 ? 'it' : 'them'} in the district's calendar, or add ${result.impossible.length === 1 ? 'it' : 'them'} by hand.`,
    });
  }
  if (result.leftOut.length) {
    messages.push({
      kind: 'info',
      text: `Not taken as days off (school days, or longer than a break): ${someNames(result.leftOut.map((n) => `“${n}”`))}. Add any that are closures by hand.`,
    });
  }
  return messages;
}
