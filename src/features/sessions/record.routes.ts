// The service record's routes: correct, void, sign and co-sign a session; the provider's list of
// sessions to sign and the supervising OT's queue to co-sign; the menu's counts of both.
import { Router } from 'express';
import type { RequestHandler, Response } from 'express';
import { today } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../access/current-user.js';
import { can } from '../../access/policy.js';
import { Conflict } from '../../web/errors.js';
import { flash } from '../../web/flash.js';
import { callerOf, guard } from '../../web/guard.js';
import { navigationFor } from '../../web/navigation.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render, wantsFragment } from '../../web/render.js';
import { attempt, idParam, parseForm, versionOf } from '../../web/validation.js';
import { districtSettings } from '../admin/settings.service.js';
import { promptLevels } from '../goals/goal-areas.js';
import { SessionOverlap } from './overlap.js';
import type { OverlappingSession } from './overlap.js';
import { attestation, correctionForm, correctionReason, voidForm } from './record.schema.js';
import {
  closedBecause,
  correctSession,
  correctionContext,
  correctionValues,
  cosignSession,
  cosignTarget,
  signSession,
  signTarget,
  signingCounts,
  sessionsToCosign,
  sessionsToSign,
  voidContext,
  voidSession,
} from './record.service.js';
import type { CorrectionContext } from './record.service.js';
import { activityChoices, attendanceChoices, goalIdsIn, placeChoices, serviceTypes, withoutDataOfAbsent } from './sessions.schema.js';
import type { FormStudent } from './sessions.schema.js';
import type { SessionInput } from './sessions.service.js';

const LIST_SIZE = 25;

export function recordRoutes(ctx: AppContext): Router {
  const router = Router();
  const allow = guard(ctx);
  const day = () => today(ctx.config.timeZone);
  const choices = { serviceTypes, placeChoices, attendanceChoices, activityChoices, promptLevels };

  // The lists come first: their paths would otherwise read as a session's id.
  router.get('/sessions/to-sign', allow('session.sign'), async (req, res) => {
    const page = pageFrom(req, LIST_SIZE);
    const list = await sessionsToSign(ctx.db, callerOf(req), day(), page);
    render(res, 'sessions/to-sign', {
      title: 'Sessions to sign',
      ...list,
      pager: pager(req, page.page, list.total, LIST_SIZE),
      attestation: attestation.sign,
    });
  });

  router.get('/sessions/to-cosign', allow('session.cosign'), async (req, res) => {
    const page = pageFrom(req, LIST_SIZE);
    const queue = await sessionsToCosign(ctx.db, callerOf(req), day(), page);
    render(res, 'sessions/cosign', {
      title: 'Sessions waiting for your co-signature',
      ...queue,
      pager: pager(req, page.page, queue.total, LIST_SIZE),
      attestation: attestation.cosign,
    });
  });

  // Correcting: the session form, filled with the record, and the reason for the change.

  const showCorrection = (
    res: Response,
    context: CorrectionContext,
    values: Record<string, unknown>,
    state: { errors?: Record<string, string>; conflict?: boolean; overlaps?: OverlappingSession[]; closed?: string | null } = {},
    status = 200,
  ) =>
    render(
      res,
      'sessions/correct',
      { title: 'Correct a session', context, values, errors: {}, conflict: false, overlaps: [], closed: null, ...choices, ...state },
      { status },
    );

  router.get('/sessions/:id/correct', allow('session.correct'), async (req, res) => {
    const context = await correctionContext(ctx.db, callerOf(req), idParam(req.params.id));
    const { correctionWindowDays } = await districtSettings(ctx.db);
    showCorrection(res, context, correctionValues(context), { closed: closedBecause(context.session, day(), correctionWindowDays) });
  });

  router.post('/sessions/:id/correct', allow('session.correct'), async (req, res) => {
    const caller = callerOf(req);
    const sessionId = idParam(req.params.id);
    const context = await correctionContext(ctx.db, caller, sessionId);
    const version = versionOf(req.body);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const students = formStudentsOf(context);
    const allowed = new Set(students.flatMap((s) => s.goals.map((g) => g.id)));
    if (goalIdsIn(body).some((g) => !allowed.has(g))) {
      const message = 'Data was sent for a goal that is not one of these students’ goals. Nothing was saved.';
      return showCorrection(res, context, { ...body, version }, { errors: { form: message } }, 422);
    }
    const form = parseForm(correctionForm(students, day()), withoutDataOfAbsent(students, body), { builtForRequest: true });
    const why = parseForm(correctionReason, body);
    const typed = { ...form.values, ...why.values, version };
    if (!form.ok || !why.ok) {
      const errors = { ...(form.ok ? {} : form.errors), ...(why.ok ? {} : why.errors) };
      return showCorrection(res, context, typed, { errors }, 422);
    }
    try {
      const done = await attempt(() =>
        correctSession(ctx.db, caller, sessionId, { version, reason: why.data.reason, form: form.data as SessionInput }, day()),
      );
      if (!done.ok) {
        const overlaps = done.error instanceof SessionOverlap ? done.error.sessions : [];
        return showCorrection(res, context, typed, { errors: done.errors, overlaps }, 422);
      }
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      // Someone (the provider in another tab) changed it first: keep what was typed, against the new version.
      const current = await correctionContext(ctx.db, caller, sessionId);
      const { correctionWindowDays } = await districtSettings(ctx.db);
      const closed = closedBecause(current.session, day(), correctionWindowDays);
      return showCorrection(res, current, { ...typed, version: current.session.version }, { conflict: true, closed }, 409);
    }
    const wasSigned = context.session.signedAt !== null;
    flash(
      req,
      'success',
      wasSigned
        ? 'Session corrected. The signed version is kept in its history; sign the corrected record again.'
        : 'Session corrected. The earlier version is kept in its history.',
    );
    res.redirect(303, `/sessions/${sessionId}`);
  });

  // Voiding: a session entered in error stays on record, struck through, and counts nothing.

  router.get('/sessions/:id/void', allow('session.correct'), async (req, res) => {
    const session = await voidContext(ctx.db, callerOf(req), idParam(req.params.id));
    const { correctionWindowDays } = await districtSettings(ctx.db);
    render(res, 'sessions/void', {
      title: 'Void a session',
      session,
      closed: closedBecause(session, day(), correctionWindowDays),
      values: { version: session.version, reason: '' },
      errors: {},
      conflict: false,
    });
  });

  router.post('/sessions/:id/void', allow('session.correct'), async (req, res) => {
    const caller = callerOf(req);
    const sessionId = idParam(req.params.id);
    const session = await voidContext(ctx.db, caller, sessionId);
    const version = versionOf(req.body);
    const form = parseForm(voidForm, req.body);
    const page = (state: object, status: number) =>
      render(
        res,
        'sessions/void',
        { title: 'Void a session', session, closed: null, values: { ...form.values, version }, errors: {}, conflict: false, ...state },
        { status },
      );
    if (!form.ok) return page({ errors: form.errors }, 422);
    try {
      const done = await attempt(() => voidSession(ctx.db, caller, sessionId, { version, reason: form.data.reason }, day()));
      if (!done.ok) return page({ errors: done.errors }, 422);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      const current = await voidContext(ctx.db, caller, sessionId);
      const { correctionWindowDays } = await districtSettings(ctx.db);
      return page(
        {
          session: current,
          conflict: true,
          closed: closedBecause(current, day(), correctionWindowDays),
          values: { ...form.values, version: current.version },
        },
        409,
      );
    }
    flash(req, 'success', 'Session voided. It stays on record, struck through; its minutes and data no longer count.');
    res.redirect(303, `/sessions/${sessionId}`);
  });

  // Signing: from the session page, or from the list (`from`), and back there.

  router.post('/sessions/:id/sign', allow('session.sign'), async (req, res) => {
    const caller = callerOf(req);
    const sessionId = idParam(req.params.id);
    await signTarget(ctx.db, caller, sessionId);
    await signSession(ctx.db, caller, sessionId, versionOf(req.body));
    flash(req, 'success', 'Session signed.');
    res.redirect(303, req.body?.from === 'list' ? '/sessions/to-sign' : `/sessions/${sessionId}`);
  });

  router.post('/sessions/:id/cosign', allow('session.cosign'), async (req, res) => {
    const caller = callerOf(req);
    const sessionId = idParam(req.params.id);
    await cosignTarget(ctx.db, caller, sessionId);
    await cosignSession(ctx.db, caller, sessionId, versionOf(req.body));
    flash(req, 'success', 'Session co-signed.');
    res.redirect(303, req.body?.from === 'queue' ? '/sessions/to-cosign' : `/sessions/${sessionId}`);
  });

  return router;
}

/** The correction form's students for the session schema: their goals, and no make-up to choose. */
function formStudentsOf(context: CorrectionContext): FormStudent[] {
  return context.students.map((s) => ({ id: s.id, name: s.preferredName || s.firstName, goals: s.goals, makeUpChoices: [] }));
}

/**
 * The menu's counts for therapists: sessions waiting for their signature, and (an OT) for their
 * co-signature. One counted query a page; htmx fragments have no menu and skip it. A form's
 * submission is mostly answered with a redirect, which shows no menu: there the counts are read
 * only if a page is rendered after all (render() awaits `navLater`).
 */
export function signingMenu(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const user = req.user as CurrentUser | undefined;
    if (user && can(user, 'session.sign') && !wantsFragment(req)) {
      const menu = async () => {
        const counts = await signingCounts(ctx.db, callerOf(req));
        return navigationFor(user, req.path, { '/sessions/to-sign': counts.toSign, '/sessions/to-cosign': counts.toCosign });
      };
      if (req.method === 'GET' || req.method === 'HEAD') res.locals.nav = await menu();
      else res.locals.navLater = menu;
    }
    next();
  };
}
