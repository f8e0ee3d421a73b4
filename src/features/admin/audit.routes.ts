import { Router } from 'express';
import { z } from 'zod';
import { addDays, parseDay } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { guard } from '../../web/guard.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { optionalId, searchText } from '../../web/validation.js';
import { policy } from '../../access/policy.js';
import { auditFilterGroups, auditFilterValues } from '../audit/audit-actions.js';
import { actorIdByEmail, describeAudit, listAudit } from '../audit/audit.service.js';

const isoDate = z.string().refine((s) => parseDay(s) !== null);

const auditFilters = z.object({
  actor: searchText(254).transform((s) => s.toLowerCase()),
  action: z
    .enum(auditFilterValues as [string, ...string[]])
    .optional()
    .catch(undefined),
  student: optionalId(),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
});

export function auditRoutes(ctx: AppContext): Router {
  const router = Router();

  const allow = guard(ctx);

  router.get('/admin/audit', allow('admin.audit'), async (req, res) => {
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
              from: filters.from ? parseDay(filters.from)! : undefined,
              // "to" is inclusive: everything before the start of the next day.
              to: filters.to ? addDays(parseDay(filters.to)!, 1) : undefined,
            },
            page,
          );
    render(
      res,
      'admin/audit/index',
      {
        title: 'Audit trail',
        events: await describeAudit(ctx.db, events, refusedAs),
        filters,
        actionGroups: auditFilterGroups,
        more,
        pager: pager(req, page.page, total, 50),
      },
      { fragment: 'admin/audit/_results' },
    );
  });

  return router;
}

/** A permission in the policy's words, for an `access.denied` entry: "Open a student's page". */
function refusedAs(permission: string): string | undefined {
  // The table's words without their asides: "See concerns", not "See concerns (a teacher: ...)".
  return Object.hasOwn(policy, permission) ? policy[permission as keyof typeof policy].does.replace(/ \(.*\)$/, '') : undefined;
}
