// Evaluations of referred students: the due date from consent, the four steps and their
// findings. Goals set at the end are the student's goals (added with the goals feature).
import type { Db } from '../../db/client.js';
import type { EvaluationStep } from '../../generated/prisma/enums.js';
import type { CurrentUser } from '../../web/auth.js';
import { Conflict, NotFound } from '../../web/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { studentScope } from '../students/students.scope.js';
import { editableStudent } from '../students/students.write.js';

export const evaluationSteps: { step: EvaluationStep; title: string; what: string }[] = [
  {
    step: 'family',
    title: 'Talking with the family',
    what: 'What the family sees at home, their questions, and what matters most to them.',
  },
  { step: 'skills', title: 'Observing skills', what: 'Watching the student write, cut, move and manage routines in class and in OT.' },
  {
    step: 'sensory',
    title: 'Sensory responses',
    what: 'How the student reacts to noise, touch and movement, and what helps them stay calm.',
  },
  { step: 'goals', title: 'Setting goals', what: 'Agreeing on goals with the team, written in words everyone understands.' },
];

/** The due date: N calendar days after consent, or N school days (Monday to Friday). */
export function dueDate(consent: Date, rule: { kind: 'calendar' | 'school'; days: number }): Date {
  const day = 86_400_000;
  if (rule.kind === 'calendar') return new Date(consent.getTime() + rule.days * day);
  let d = consent.getTime();
  let left = rule.days;
  while (left > 0) {
    d += day;
    const weekday = new Date(d).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(d);
}

export async function startEvaluation(
  db: Db,
  user: CurrentUser,
  studentId: number,
  consent: Date,
  rule: { kind: 'calendar' | 'school'; days: number },
  ip: string | undefined,
) {
  await editableStudent(db, user, studentId);
  return db.$transaction(async (tx) => {
    const evaluation = await tx.evaluation.create({
      data: {
        studentId,
        consentDate: consent,
        dueDate: dueDate(consent, rule),
        dueRule: `${rule.days} ${rule.kind} days`,
        createdById: user.id,
      },
    });
    await tx.student.updateMany({
      where: { id: studentId, status: 'referred' },
      data: { status: 'evaluating', version: { increment: 1 } },
    });
    await recordAudit(tx, {
      action: 'student.evaluation.started',
      actorId: user.id,
      actorEmail: user.email,
      studentId,
      targetType: 'evaluation',
      targetId: evaluation.id,
      ip,
    });
    return evaluation.id;
  });
}

export async function getEvaluation(db: Db, user: CurrentUser, id: number) {
  if (user.role === 'teacher') throw new NotFound();
  const evaluation = await db.evaluation.findFirst({
    where: { id, student: studentScope(user) },
    include: {
      findings: true,
      student: {
        select: {
          id: true,
          firstName: true,
          lastName: true,
          preferredName: true,
          status: true,
          school: { select: { name: true } },
          goals: { select: { id: true } },
        },
      },
    },
  });
  if (!evaluation) throw new NotFound();
  return evaluation;
}

export async function saveFindings(db: Db, user: CurrentUser, id: number, step: EvaluationStep, findings: string, ip: string | undefined) {
  const evaluation = await getEvaluation(db, user, id);
  await editableStudent(db, user, evaluation.studentId);
  if (evaluation.completedAt) throw new Conflict('This evaluation is complete.');
  await db.$transaction(async (tx) => {
    await tx.evaluationFinding.upsert({
      where: { evaluationId_step: { evaluationId: id, step } },
      create: { evaluationId: id, step, findings },
      update: { findings },
    });
    await recordAudit(tx, {
      action: 'student.evaluation.findings',
      actorId: user.id,
      actorEmail: user.email,
      studentId: evaluation.studentId,
      targetType: 'evaluation',
      targetId: id,
      ip,
      detail: { step },
    });
  });
}

/** Completing needs findings for every step and at least one goal; services then begin. */
export async function completeEvaluation(db: Db, user: CurrentUser, id: number, ip: string | undefined): Promise<string | null> {
  const evaluation = await getEvaluation(db, user, id);
  await editableStudent(db, user, evaluation.studentId);
  const missing = evaluationSteps.filter((s) => !evaluation.findings.some((f) => f.step === s.step && f.findings.trim()));
  if (missing.length) return `Record findings for: ${missing.map((m) => m.title.toLowerCase()).join(', ')}.`;
  if (evaluation.student.goals.length === 0) return 'Add at least one goal for the student before completing.';
  await db.$transaction(async (tx) => {
    await tx.evaluation.update({ where: { id }, data: { completedAt: new Date() } });
    await tx.student.updateMany({
      where: { id: evaluation.studentId, status: { in: ['referred', 'evaluating'] } },
      data: { status: 'active', version: { increment: 1 } },
    });
    await recordAudit(tx, {
      action: 'student.evaluation.completed',
      actorId: user.id,
      actorEmail: user.email,
      studentId: evaluation.studentId,
      targetType: 'evaluation',
      targetId: id,
      ip,
    });
  });
  return null;
}
