import { Router } from 'express';
import type { Request, Response } from 'express';
import { addDays, dayKey, parseDay, today, weekStartOf } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../access/current-user.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { formatDate } from '../../web/view-helpers.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { feedUrl, makeFeedLink, revokeFeedLink } from './feed.service.js';
import { timeSpan } from './occurrences.js';
import { changeForm, missedCauses, slotForm, slotInputOf, slotPlaces, slotServiceTypes, weekdayName, weekdays } from './schedule.schema.js';
import {
  changeDay,
  createSlot,
  newSlotValues,
  removeSlot,
  slotDay,
  slotForEdit,
  studentsToSchedule,
  undoChange,
  updateSlot,
  weekPage,
} from './schedule.service.js';

declare module 'express-session' {
  interface SessionData {
    /** A calendar link just made: shown once, on the next schedule page, then forgotten. */
    calendarFeedLink?: string;
  }
}

type FormState = { values?: Record<string, unknown>; errors?: Record<string, string> };

/** A day from the query string or a form; anything else is "none". */
const dayFrom = (value: unknown) => (typeof value === 'string' ? parseDay(value) : null);

export function scheduleRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);
  const now = () => today(ctx.config.timeZone);
  /** The schedule's week that shows a day: its own, or this week's for a day gone by. */
  const weekOf = (day: Date) => `/schedule?week=${dayKey(weekStartOf(day < now() ? now() : day))}`;

  router.get('/schedule', allow('schedule.view'), async (req, res) => {
    const thisWeek = weekStartOf(now());
    const start = weekStartOf(dayFrom(req.query.week) ?? now());
    const page = await weekPage(ctx.db, callerOf(req), start);
    const newLink = req.session.calendarFeedLink;
    delete req.session.calendarFeedLink;
    render(res, 'schedule/index', {
      title: 'Schedule',
      ...page,
      start,
      today: now(),
      todayKey: dayKey(now()),
      dayKey,
      isThisWeek: start.getTime() === thisWeek.getTime(),
      prevWeek: dayKey(addDays(start, -7)),
      nextWeek: dayKey(addDays(start, 7)),
      newLink,
      webcalLink: newLink?.replace(/^https?:/, 'webcal:'),
      timeSpan,
      weekdayName,
    });
  });

  const slotPage = async (res: Response, slotId: number | null, state: Required<FormState>, status = 200) => {
    const students = await studentsToSchedule(ctx.db, res.req.user as CurrentUser);
    render(
      res,
      'schedule/slot',
      {
        title: slotId ? 'Change a session on your schedule' : 'Add a session to your schedule',
        slotId,
        students,
        weekdays,
        places: slotPlaces,
        serviceTypes: slotServiceTypes,
        ...state,
      },
      { status },
    );
  };

  router.get('/schedule/slots/new', allow('schedule.change'), async (req, res) => {
    const values = await newSlotValues(ctx.db, ctx.config.timeZone, dayFrom(req.query.date));
    await slotPage(res, null, { values, errors: {} });
  });

  router.post('/schedule/slots', allow('schedule.change'), async (req, res) => {
    const form = parseForm(slotForm, req.body);
    if (!form.ok) return slotPage(res, null, form, 422);
    const saved = await attempt(() => createSlot(ctx.db, callerOf(req), slotInputOf(form.data)));
    if (!saved.ok) return slotPage(res, null, { values: form.values, errors: saved.errors }, 422);
    flash(req, 'success', 'Session added to your schedule.');
    res.redirect(303, weekOf(form.data.fromDate));
  });

  router.get('/schedule/slots/:id/edit', allow('schedule.change'), async (req, res) => {
    const id = idParam(req.params.id);
    const slot = await slotForEdit(ctx.db, callerOf(req), id);
    const values = {
      studentIds: slot.students.map((s) => String(s.studentId)),
      repeat: slot.fromDate.getTime() === slot.toDate.getTime() ? 'once' : 'weekly',
      weekday: String(slot.weekday),
      startTime: slot.startTime,
      minutes: String(slot.minutes),
      place: slot.place,
      serviceType: slot.serviceType,
      fromDate: dayKey(slot.fromDate),
      toDate: dayKey(slot.toDate),
    };
    await slotPage(res, id, { values, errors: {} });
  });

  router.post('/schedule/slots/:id', allow('schedule.change'), async (req, res) => {
    const id = idParam(req.params.id);
    // Someone else's slot is "not found" before their form is read.
    await slotForEdit(ctx.db, callerOf(req), id);
    const form = parseForm(slotForm, req.body);
    if (!form.ok) return slotPage(res, id, form, 422);
    const saved = await attempt(() => updateSlot(ctx.db, callerOf(req), id, slotInputOf(form.data)));
    if (!saved.ok) return slotPage(res, id, { values: form.values, errors: saved.errors }, 422);
    flash(req, 'success', 'Session changed.');
    res.redirect(303, weekOf(form.data.fromDate));
  });

  const changePage = async (req: Request, res: Response, day: Date | null, state: FormState = {}, status = 200) => {
    const { slot, date, change, names } = await slotDay(ctx.db, callerOf(req), idParam(req.params.id), day, ctx.config.timeZone);
    render(
      res,
      'schedule/change',
      {
        title: `Change ${formatDate(date)}`,
        slot,
        date,
        dateKey: dayKey(date),
        change,
        names,
        span: timeSpan(slot.startTime, slot.minutes),
        weekday: weekdayName(slot.weekday),
        causes: missedCauses,
        values: state.values ?? {
          date: dayKey(date),
          kind: 'cancel',
          cause: '',
          reason: '',
          newDate: dayKey(date),
          newStartTime: slot.startTime,
        },
        errors: state.errors ?? {},
      },
      { status },
    );
  };

  router.get('/schedule/slots/:id/change', allow('schedule.change'), (req, res) => changePage(req, res, dayFrom(req.query.date)));

  router.post('/schedule/slots/:id/change', allow('schedule.change'), async (req, res) => {
    const id = idParam(req.params.id);
    const form = parseForm(changeForm, req.body);
    const day = dayFrom(form.values.date);
    if (!form.ok) return changePage(req, res, day, form, 422);
    const saved = await attempt(() => changeDay(ctx.db, callerOf(req), id, form.data));
    if (!saved.ok) return changePage(req, res, day, { values: form.values, errors: saved.errors }, 422);
    const what = form.data.kind === 'cancel' ? 'cancelled' : 'moved';
    flash(req, 'success', `The session of ${formatDate(form.data.date)} is ${what}.`);
    res.redirect(303, `/schedule?week=${dayKey(weekStartOf(form.data.newDate ?? form.data.date))}`);
  });

  router.post('/schedule/slots/:id/change/undo', allow('schedule.change'), async (req, res) => {
    const id = idParam(req.params.id);
    const day = dayFrom((req.body as Record<string, unknown> | undefined)?.date);
    await undoChange(ctx.db, callerOf(req), id, day);
    flash(req, 'success', `The session of ${formatDate(day!)} is back as scheduled.`);
    res.redirect(303, `/schedule?week=${dayKey(weekStartOf(day!))}`);
  });

  router.post('/schedule/feed', allow('schedule.feed'), async (req, res) => {
    const token = await makeFeedLink(ctx.db, callerOf(req));
    req.session.calendarFeedLink = feedUrl(ctx.config.publicUrl, token);
    res.redirect(303, '/schedule#calendar-feed');
  });

  router.post('/schedule/feed/revoke', allow('schedule.feed'), async (req, res) => {
    await revokeFeedLink(ctx.db, callerOf(req));
    flash(req, 'success', 'Calendar link revoked. Calendars that used it no longer get your schedule.');
    res.redirect(303, '/schedule#calendar-feed');
  });

  // Last of the slot's routes: the route walk removes the slot here, after trying the others.
  router.post('/schedule/slots/:id/remove', allow('schedule.change'), async (req, res) => {
    await removeSlot(ctx.db, callerOf(req), idParam(req.params.id));
    flash(req, 'success', 'Session taken off your schedule. Sessions logged from it are kept.');
    res.redirect(303, '/schedule');
  });

  return router;
}
