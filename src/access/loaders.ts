// One scoped loader per kind of record. Each asks the policy, fetches the record through the
// caller's scope, and answers in one way: refused by role is Forbidden, out of scope is
// NotFound, and both are written to the audit trail as `access.denied`. A view or export of a
// student's record is audited here too, so every route that loads one is audited alike.
//
// The caller passes the query (`find`) with the scoped `where` it is given, so each page
// selects what it shows in one query.
import type { Db, Prisma } from '../db/client.js';
import { auditData, recordAudit } from '../features/audit/audit.service.js';
import { viewLogOf } from '../features/audit/view-log.js';
import { Forbidden, NotFound } from '../web/errors.js';
import type { CurrentUser } from './current-user.js';
import { auditedAs, can } from './policy.js';
import type { Action } from './policy.js';
import { concernScope, noteScope, sessionScope, studentScope, studentScopeSql } from './scope.js';
import type { SqlCondition } from './scope.js';

type Client = Db | Prisma.TransactionClient;
type Finder<W, T> = (where: W) => Promise<T | null>;
export type Caller = { user: CurrentUser; ip?: string | null };

/** The audit action written when a record is viewed or exported through a loader. */
const viewedAs = {
  'student.view': 'student.view',
  'goal.view': 'student.goal.view',
  'session.view': 'student.session.view',
  'note.view': 'student.note.view',
  'note.export': 'student.note.export',
  'strategy.view': 'student.strategy.sheet',
  'evaluation.view': 'student.evaluation.view',
  'evaluation.export': 'student.evaluation.export',
  'student.record': 'student.record.export',
} as const satisfies Partial<Record<Action, string>>;

/** Refuses an action the user's role may never take (403), with an audit row. */
export async function authorize(db: Client, caller: Caller, action: Action, target: { type: string; id?: string | number }) {
  if (can(caller.user, action)) return;
  await refused(db, caller, action, target);
  throw new Forbidden();
}

async function refused(
  db: Client,
  { user, ip }: Caller,
  action: Action,
  target: { type: string; id?: string | number; studentId?: number },
) {
  await recordAudit(db, {
    action: 'access.denied',
    actorId: user.id,
    actorEmail: user.email,
    studentId: target.studentId ?? null,
    targetType: target.type,
    targetId: target.id,
    ip,
    detail: { action },
  });
}

async function load<W, T>(
  db: Client,
  caller: Caller,
  action: Action,
  target: { type: string; id: number; studentId?: number },
  where: W,
  find: Finder<W, T>,
  studentIdsOf: (record: T) => number[],
): Promise<T> {
  await authorize(db, caller, action, target);
  const record = await find(where);
  if (!record) {
    await refused(db, caller, action, target);
    throw new NotFound();
  }
  const audited = auditedAs(action);
  if (audited) {
    const auditAction = viewedAs[action as keyof typeof viewedAs];
    // The moment of the view, not of the batch's write: the trail keeps views and changes in order.
    const at = new Date();
    const rows = studentIdsOf(record).map((studentId) => ({
      at,
      ...auditData({
        action: auditAction,
        actorId: caller.user.id,
        actorEmail: caller.user.email,
        studentId,
        targetType: target.type,
        targetId: target.id,
        ip: caller.ip,
      }),
    }));
    // A view is batched off the request's path where the app batches views (view-log.ts); an
    // export is written before the record leaves, as is every view where nothing batches.
    const log = audited === 'view' ? viewLogOf(db) : undefined;
    if (log) log.add(rows);
    else if (rows.length) await asDb(db).auditEvent.createMany({ data: rows });
  }
  return record;
}

// A transaction client has the same finders; the union of the two has no callable signature.
const asDb = (db: Client) => db as Db;

/** Answers "not found" for records a caller asked for outside their scope, with the audit row. */
export async function outOfScope(
  db: Client,
  caller: Caller,
  action: Action,
  target: { type: string; id?: number; studentId?: number },
): Promise<never> {
  await refused(db, caller, action, target);
  throw new NotFound();
}

export function loadStudent<T = Prisma.StudentGetPayload<object>>(
  db: Client,
  caller: Caller,
  id: number,
  action: Action,
  find: Finder<Prisma.StudentWhereInput, T> = (where) => asDb(db).student.findFirst({ where }) as Promise<T | null>,
): Promise<T> {
  return load(db, caller, action, { type: 'student', id, studentId: id }, { AND: [{ id }, studentScope(caller.user)] }, find, () => [id]);
}

/**
 * The same for a read in SQL (db/reads.ts): `where` is the condition, on `"Student"."id"` (the
 * table read under its own name), that the student is this one and within the caller's scope.
 */
export function loadStudentRow<T>(
  db: Client,
  caller: Caller,
  id: number,
  action: Action,
  find: (where: SqlCondition) => Promise<T | null | undefined>,
): Promise<T> {
  const scope = studentScopeSql(caller.user, '"Student"."id"');
  const where = { sql: `"Student"."id" = ? AND ${scope.sql}`, params: [id, ...scope.params] };
  return load(
    db,
    caller,
    action,
    { type: 'student', id, studentId: id },
    where,
    async (w) => (await find(w)) ?? null,
    () => [id],
  );
}

export function loadGoal<T extends { studentId: number } = Prisma.GoalGetPayload<object>>(
  db: Client,
  caller: Caller,
  id: number,
  action: Action,
  find: Finder<Prisma.GoalWhereInput, T> = (where) => asDb(db).goal.findFirst({ where }) as Promise<T | null>,
): Promise<T> {
  return load(db, caller, action, { type: 'goal', id }, { id, student: studentScope(caller.user) }, find, (g) => [g.studentId]);
}

/** A session, with `studentIds` of the students the caller may see in it. */
export function loadSession<T extends { students: { studentId: number }[] }>(
  db: Client,
  caller: Caller,
  id: number,
  action: Action,
  find: Finder<Prisma.SessionLogWhereInput, T>,
): Promise<T> {
  return load(db, caller, action, { type: 'session', id }, { id, ...sessionScope(caller.user) }, find, (s) =>
    s.students.map((x) => x.studentId),
  );
}

export function loadNote<T extends { studentId: number }>(
  db: Client,
  caller: Caller,
  id: number,
  action: Action,
  find: Finder<Prisma.ProgressNoteWhereInput, T>,
): Promise<T> {
  return load(db, caller, action, { type: 'note', id }, { AND: [{ id }, noteScope(caller.user)] }, find, (n) => [n.studentId]);
}

export function loadEvaluation<T extends { studentId: number }>(
  db: Client,
  caller: Caller,
  id: number,
  action: Action,
  find: Finder<Prisma.EvaluationWhereInput, T>,
): Promise<T> {
  return load(db, caller, action, { type: 'evaluation', id }, { id, student: studentScope(caller.user) }, find, (e) => [e.studentId]);
}

export function loadConcern<T>(
  db: Client,
  caller: Caller,
  id: number,
  action: Action,
  find: Finder<Prisma.ConcernWhereInput, T>,
): Promise<T> {
  return load(db, caller, action, { type: 'concern', id }, { AND: [{ id }, concernScope(caller.user)] }, find, () => []);
}

/** A strategy assigned to a student (still active), reached through the student. */
export function loadAssignment(db: Client, caller: Caller, studentId: number, id: number, action: Action) {
  const where: Prisma.StudentStrategyWhereInput = { id, studentId, active: true, student: studentScope(caller.user) };
  return load(
    db,
    caller,
    action,
    { type: 'strategy', id, studentId },
    where,
    (w) => asDb(db).studentStrategy.findFirst({ where: w, select: { id: true, studentId: true } }),
    (a) => [a.studentId],
  );
}

/** Records that belong to one user (their note batches, own strategies and templates, indirect time). */
export function loadOwn<T>(
  db: Client,
  caller: Caller,
  kind: 'batch' | 'strategy' | 'template' | 'time',
  id: number,
  action: Action,
  find: Finder<{ id: number; owner: number }, T>,
): Promise<T> {
  return load(db, caller, action, { type: kind, id }, { id, owner: caller.user.id }, find, () => []);
}
