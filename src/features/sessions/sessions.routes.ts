import { Router } from 'express';
import type { Response } from 'express';
import { dayKey, parseDay, today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { BadRequest } from '../../web/errors.js';
import { callerOf, guard } from '../../web/guard.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { attempt, idParam, parseForm } from '../../web/validation.js';
import { promptLevels } from '../goals/goal-areas.js';
import {
  MAX_GROUP,
  MAX_TRIES,
  activityChoices,
  attendanceChoices,
  goalIdsIn,
  placeChoices,
  serviceTypes,
  sessionForm,
  tallyTap,
  withoutDataOfAbsent,
} from './sessions.schema.js';
import { formDefaults } from './form-defaults.js';
import { SessionOverlap } from './overlap.js';
import type { OverlappingSession } from './overlap.js';
import { caseloadToPick, formStudents, getSession, saveSession, sessionFormContext } from './sessions.service.js';
import type { SessionFormContext, SessionInput } from './sessions.service.js';
import { sessionRecord } from './record.service.js';
import { slotForLogging } from '../schedule/schedule.service.js';

export function sessionRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);
  const choices = { serviceTypes, placeChoices, attendanceChoices, activityChoices, promptLevels, maxTries: MAX_TRIES };

  /** `overlaps`: the sessions a refused save overlapped, linked beside the start time. */
  const showForm = (
    res: Response,
    context: SessionFormContext,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    status = 200,
    overlaps: OverlappingSession[] = [],
  ) => render(res, 'sessions/new', { title: 'Log a session', context, values, errors, overlaps, ...choices }, { status });

  router.get('/sessions/new', allow('session.log'), async (req, res) => {
    const caller = callerOf(req);
    // From the schedule's "Log it": the slot's students, day, time, minutes, place and kind.
    const slotDate = typeof req.query.date === 'string' ? parseDay(req.query.date) : null;
    const fromSlot = req.query.slot === undefined ? null : await slotForLogging(ctx.db, caller, idParam(req.query.slot), slotDate);
    const ids = fromSlot ? fromSlot.studentIds : studentIdsFrom(req.query.student);
    if (ids.length === 0) {
      // Step one: who was in the session.
      const students = await caseloadToPick(ctx.db, caller.user);
      return render(res, 'sessions/pick', { title: 'Log a session', students, maxGroup: MAX_GROUP });
    }
    const context = await sessionFormContext(ctx.db, caller, ids);
    const day = today(ctx.config.timeZone);
    const defaults = await formDefaults(ctx.db, context.students, { day, timeZone: ctx.config.timeZone, now: new Date() });
    const values: Record<string, unknown> = {
      date: dayKey(day),
      startTime: defaults.startTime,
      minutes: String(defaults.minutes),
      place: defaults.place,
      nature: defaults.nature,
      serviceType: ids.length > 1 ? 'group' : 'individual',
      activities: [],
      // The one OT who serves these students supervises the assistant's session.
      supervisorId: context.supervisors.length === 1 ? String(context.supervisors[0]!.id) : '',
    };
    for (const s of context.students) values[`attendance_${s.id}`] = 'attended';
    if (fromSlot) Object.assign(values, fromSlot.values);
    showForm(res, context, values, {});
  });

  /** One tap on a counter, with htmx: the counter comes back with one more. Nothing is saved. */
  router.post('/sessions/tally', allow('session.log'), (req, res) => {
    const tap = tallyTap.safeParse(req.body);
    if (!tap.success) throw new BadRequest();
    const [kind, goalId] = tap.data.tap.split(':') as [string, string];
    const counts = countsFrom(req.body as Record<string, unknown>, goalId);
    counts[kind as keyof typeof counts] = Math.min(MAX_TRIES, counts[kind as keyof typeof counts] + 1);
    render(res, 'sessions/_tally', {
      goalId: Number(goalId),
      counts,
      lastTap: kind,
      label: typeof req.body.label === 'string' ? req.body.label.slice(0, 200) : '',
    });
  });

  router.post('/sessions', allow('session.log'), async (req, res) => {
    const caller = callerOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const context = await sessionFormContext(ctx.db, caller, studentIdsFrom(body.student));
    const supervisors = context.supervisors.map((s) => s.id);
    const students = formStudents(context);
    const schema = sessionForm(students, { assistant: context.assistant, supervisors, today: today(ctx.config.timeZone) });

    // Without JavaScript, a counter button submits the form: count the tap and show it again.
    if (typeof body.tap === 'string') {
      const tap = tallyTap.safeParse(body);
      if (!tap.success) throw new BadRequest();
      const [kind, goalId] = tap.data.tap.split(':') as [string, string];
      const key = `${kind}_${goalId}`;
      if (!(key in schema.shape)) throw new BadRequest();
      const values = { ...body, [key]: String(Math.min(MAX_TRIES, (Number(body[key]) || 0) + 1)) };
      return showForm(res, context, values, {});
    }

    const allowed = new Set(context.students.flatMap((s) => s.goals.map((g) => g.id)));
    const stray = goalIdsIn(body).filter((g) => !allowed.has(g));
    if (stray.length > 0) {
      const message = 'Data was sent for a goal that is not open for these students (it may be discontinued or met). Nothing was saved.';
      return showForm(res, context, body, { form: message }, 422);
    }
    const form = parseForm(schema, withoutDataOfAbsent(students, body), { builtForRequest: true });
    if (!form.ok) return showForm(res, context, form.values, form.errors, 422);
    const saved = await attempt(() => saveSession(ctx.db, caller, context, form.data as SessionInput));
    if (!saved.ok) {
      const overlaps = saved.error instanceof SessionOverlap ? saved.error.sessions : [];
      return showForm(res, context, form.values, saved.errors, 422, overlaps);
    }
    const sessionId = saved.value;
    flash(
      req,
      'success',
      context.students.length > 1 ? `Group session logged for ${context.students.length} students.` : 'Session logged.',
    );
    res.redirect(303, `/sessions/${sessionId}`);
  });

  router.get('/sessions/:id', allow('session.view'), async (req, res) => {
    const caller = callerOf(req);
    const session = await getSession(ctx.db, caller, idParam(req.params.id));
    // The service record: signatures, what the caller may do, and the versions it replaced.
    const record = await sessionRecord(ctx.db, caller, session, today(ctx.config.timeZone));
    render(res, 'sessions/show', { title: 'Session', session, record, attendanceChoices, serviceTypes, activityChoices });
  });

  return router;
}

function studentIdsFrom(value: unknown): number[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (list.length > MAX_GROUP) throw new BadRequest(`A group session has at most ${MAX_GROUP} students.`);
  return list.map(idParam);
}

function countsFrom(body: Record<string, unknown>, goalId: string) {
  const read = (k: string) => {
    const v = Number(body[`${k}_${goalId}`]);
    return Number.isInteger(v) && v >= 0 && v <= MAX_TRIES ? v : 0;
  };
  return { correct: read('correct'), incorrect: read('incorrect'), cued: read('cued') };
}
