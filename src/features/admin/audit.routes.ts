import { once } from 'node:events';
import { Router } from 'express';
import type { Request } from 'express';
import { z } from 'zod';
import { addDays, parseDay } from '../../calendar/dates.js';
import type { AppContext } from '../../context.js';
import { callerOf, guard } from '../../web/guard.js';
import { pageFrom, pager } from '../../web/pagination.js';
import { render } from '../../web/render.js';
import { optionalId, searchText } from '../../web/validation.js';
import { policy } from '../../access/policy.js';
import { auditFilterGroups, auditFilterValues } from '../audit/audit-actions.js';
import { actorIdByEmail, auditCsv, auditCsvPages, describeAudit, listAudit, recordBy } from '../audit/audit.service.js';
import type { AuditFilters } from '../audit/audit.service.js';

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

  /** The viewer's filters from the query string; `query` is null when the person typed matches no account. */
  async function readFilters(req: Request) {
    const filters = auditFilters.parse({
      actor: req.query.actor,
      action: req.query.action || undefined,
      student: req.query.student || undefined,
      from: req.query.from || undefined,
      to: req.query.to || undefined,
    });
    const actorId = filters.actor ? await actorIdByEmail(ctx.db, filters.actor) : null;
    const query: AuditFilters | null =
      filters.actor && actorId === null
        ? null
        : {
            actorId: actorId ?? undefined,
            action: filters.action,
            studentId: filters.student,
            from: filters.from ? parseDay(filters.from)! : undefined,
            // "to" is inclusive: everything before the start of the next day.
            to: filters.to ? addDays(parseDay(filters.to)!, 1) : undefined,
          };
    return { filters, query };
  }

  router.get('/admin/audit', allow('admin.audit'), async (req, res) => {
    const { filters, query } = await readFilters(req);
    const page = pageFrom(req, 50);
    const { events, total, more } = query === null ? { events: [], total: 0, more: false } : await listAudit(ctx.db, query, page);
    render(
      res,
      'admin/audit/index',
      {
        title: 'Audit trail',
        events: await describeAudit(ctx.db, events, refusedAs),
        filters,
        csvLink: `/admin/audit.csv${csvQuery(filters)}`,
        timeZone: ctx.config.timeZone,
        actionGroups: auditFilterGroups,
        more,
        pager: pager(req, page.page, total, 50),
      },
      { fragment: 'admin/audit/_results' },
    );
  });

  // The entries the viewer shows, all of them, as CSV. Written a page at a time (waiting for the
  // connection to drain), so the whole trail never sits in memory; the download is audited after.
  router.get('/admin/audit.csv', allow('admin.audit'), async (req, res) => {
    const { filters, query } = await readFilters(req);
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="audit-trail-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.write(auditCsv([], { headerIn: ctx.config.timeZone }));
    let rows = 0;
    if (query !== null) {
      for await (const page of auditCsvPages(ctx.db, query, { timeZone: ctx.config.timeZone, refusedAs })) {
        rows += page.length;
        if (!res.write(auditCsv(page))) await Promise.race([once(res, 'drain'), once(res, 'close')]);
        if (res.destroyed) break; // the person cancelled the download
      }
    }
    const used = (['actor', 'action', 'student', 'from', 'to'] as const).filter((k) => filters[k]);
    await recordBy(ctx.db, callerOf(req), { action: 'audit.exported', detail: { filters: used.join(','), rows } });
    res.end();
  });

  return router;
}

/** The filters in use as a query string, for the download link ("" when there are none). */
function csvQuery(filters: z.output<typeof auditFilters>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A permission in the policy's words, for an `access.denied` entry: "Open a student's page". */
function refusedAs(permission: string): string | undefined {
  // The table's words without their asides: "See concerns", not "See concerns (a teacher: ...)".
  return Object.hasOwn(policy, permission) ? policy[permission as keyof typeof policy].does.replace(/ \(.*\)$/, '') : undefined;
}
