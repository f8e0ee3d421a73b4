import { Router } from 'express';
import type { Response } from 'express';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../web/auth.js';
import { requireRole } from '../../web/auth.js';
import { flash } from '../../web/flash.js';
import { render } from '../../web/render.js';
import { idParam, parseForm } from '../../web/validation.js';
import { concernForm, messageForm } from './concerns.schema.js';
import { addMessage, concernFormChoices, getConcern, listConcerns, raiseConcern, referConcern } from './concerns.service.js';
import { signGroups, signLabel } from './signs.js';

export function concernRoutes(ctx: AppContext): Router {
  const router = Router();
  const teachers = requireRole(ctx.db, 'teacher');

  const form = async (res: Response, values: Record<string, unknown>, errors: Record<string, string>, status = 200) => {
    const { students, schools } = await concernFormChoices(ctx.db, res.req.user as CurrentUser);
    render(res, 'concerns/new', { title: 'Share a concern with the OT', students, schools, signGroups, values, errors }, { status });
  };

  router.get('/concerns/new', teachers, (req, res) =>
    form(res, { studentId: typeof req.query.student === 'string' ? req.query.student : '' }, {}),
  );

  router.post('/concerns', teachers, async (req, res) => {
    const parsed = parseForm(concernForm, req.body);
    const result = parsed.ok ? await raiseConcern(ctx.db, req.user as CurrentUser, parsed.data, req.ip) : { errors: parsed.errors };
    if ('errors' in result) return form(res, parsed.values, result.errors as Record<string, string>, 422);
    flash(req, 'success', 'Sent to the school OT. You will see their reply here.');
    res.redirect(303, `/concerns/${result.id}`);
  });

  router.get('/concerns', requireRole(ctx.db, 'teacher', 'therapist'), async (req, res) => {
    const concerns = await listConcerns(ctx.db, req.user as CurrentUser);
    render(res, 'concerns/index', {
      title: (req.user as CurrentUser).role === 'teacher' ? 'My concerns' : 'Concerns from teachers',
      concerns,
      signLabel,
    });
  });

  router.get('/concerns/:id', requireRole(ctx.db, 'teacher', 'therapist'), async (req, res) => {
    const concern = await getConcern(ctx.db, req.user as CurrentUser, idParam(req.params.id));
    render(res, 'concerns/show', { title: 'Concern', concern, signLabel, values: {}, errors: {} });
  });

  router.post('/concerns/:id/messages', requireRole(ctx.db, 'teacher', 'therapist'), async (req, res) => {
    const id = idParam(req.params.id);
    const parsed = parseForm(messageForm, req.body);
    if (!parsed.ok) {
      const concern = await getConcern(ctx.db, req.user as CurrentUser, id);
      return render(
        res,
        'concerns/show',
        { title: 'Concern', concern, signLabel, values: parsed.values, errors: parsed.errors },
        { status: 422 },
      );
    }
    await addMessage(ctx.db, req.user as CurrentUser, id, parsed.data.body, req.ip);
    res.redirect(303, `/concerns/${id}#messages`);
  });

  router.post('/concerns/:id/refer', requireRole(ctx.db, 'therapist'), async (req, res) => {
    const studentId = await referConcern(ctx.db, req.user as CurrentUser, idParam(req.params.id), req.ip);
    flash(req, 'success', 'Referred: the student is on your caseload as referred. Add the details and plan the evaluation.');
    res.redirect(303, `/students/${studentId}`);
  });

  return router;
}
