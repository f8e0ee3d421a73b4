import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireRole } from '../../web/auth.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { actorIdByEmail, auditActionLabel, auditActions, listAudit } from '../audit/audit.service.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(s)));

const auditFilters = z.object({
  actor: z
    .string()
    .max(254)
    .optional()
    .catch(undefined)
    .transform((s) => (s ?? '').trim().toLowerCase()),
  action: z
    .enum(auditActions.map((a) => a.value) as [string, ...string[]])
    .optional()
    .catch(undefined),
  student: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional()
    .catch(undefined),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
});

export function auditRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/admin/audit', requireRole(ctx.db, 'admin'), async (req, res) => {
    const filters = auditFilters.parse({
      actor: req.query.actor,
      action: req.query.action || undefined,
      student: req.query.student || undefined,
      from: req.query.from || undefined,
      to: req.query.to || undefined,
    });
    const actorId = filters.actor ? await actorIdByEmail(ctx.db, filters.actor) : null;
    const page = pageFrom(req, 50);
    const { events, total, more } =
      filters.actor && actorId === null
        ? { events: [], total: 0, more: false }
        : await listAudit(
            ctx.db,
            {
              actorId: actorId ?? undefined,
              action: filters.action,
              studentId: filters.student,
              from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
              // "to" is inclusive: everything before the start of the next day.
              to: filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000) : undefined,
            },
            page,
          );
    render(
      res,
      'admin/audit/index',
      {
        title: 'Audit trail',
        events,
        filters,
        actions: auditActions,
        actionLabel: auditActionLabel,
        more,
        pager: pager(req, page.page, total, 50),
      },
      { fragment: 'admin/audit/_results' },
    );
  });

  return router;
}
