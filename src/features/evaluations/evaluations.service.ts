// Evaluations of referred students: the due date from consent, the four steps and their
// findings. Goals set at the end are the student's goals (added with the goals feature).
import { addDays, addSchoolDays } from '../../calendar/dates.js';
import type { Db } from '../../db/client.js';
import type { EvaluationStep } from '../../generated/prisma/enums.js';
import { loadEvaluation } from '../../access/loaders.js';
import type { Caller } from '../../access/loaders.js';
import type { Action } from '../../access/policy.js';
import { Conflict, Invalid } from '../../web/errors.js';
import { choices } from '../../labels.js';
import { recordBy } from '../audit/audit.service.js';
import { editableStudent } from '../students/students.write.js';

const stepWhat: Record<EvaluationStep, string> = {
  family: 'What the family sees at home, their questions, and what matters most to them.',
  skills: 'Watching the student write, cut, move and manage routines in class and in OT.',
  sensory: 'How the student reacts to noise, touch and movement, and what helps them stay calm.',
  goals: 'Agreeing on goals with the team, written in words everyone understands.',
};

/** The steps in order: the title is the step's label (labels.ts), with what it covers. */
export const evaluationSteps: { step: EvaluationStep; title: string; what: string }[] = choices('EvaluationStep').map((s) => ({
  step: s.value,
  title: s.label,
  what: stepWhat[s.value],
}));

/** The due date: N calendar days after consent, or N school days (Monday to Friday). */
export function dueDate(consent: Date, rule: { kind: 'calendar' | 'school'; days: number }): Date {
  return rule.kind === 'calendar' ? addDays(consent, rule.days) : addSchoolDays(consent, rule.days);
}

export async function startEvaluation(
  db: Db,
  caller: Caller,
  studentId: number,
  consent: Date,
  rule: { kind: 'calendar' | 'school'; days: number },
) {
  await editableStudent(db, caller, studentId, 'evaluation.change');
  return db.$transaction(async (tx) => {
    const evaluation = await tx.evaluation.create({
      data: {
        studentId,
        consentDate: consent,
        dueDate: dueDate(consent, rule),
        dueRule: `${rule.days} ${rule.kind} days`,
        createdById: caller.user.id,
      },
    });
    await tx.student.updateMany({
      where: { id: studentId, status: 'referred' },
      data: { status: 'evaluating', version: { increment: 1 } },
    });
    await recordBy(tx, caller, {
      action: 'student.evaluation.started',
      studentId,
      targetType: 'evaluation',
      targetId: evaluation.id,
    });
    return evaluation.id;
  });
}

export function getEvaluation(db: Db, caller: Caller, id: number, action: Action = 'evaluation.view') {
  return loadEvaluation(db, caller, id, action, (where) =>
    db.evaluation.findFirst({
      where,
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
    }),
  );
}

export async function saveFindings(db: Db, caller: Caller, id: number, step: EvaluationStep, findings: string) {
  const evaluation = await getEvaluation(db, caller, id, 'evaluation.change');
  if (evaluation.completedAt) throw new Conflict('This evaluation is complete.');
  await db.$transaction(async (tx) => {
    await tx.evaluationFinding.upsert({
      where: { evaluationId_step: { evaluationId: id, step } },
      create: { evaluationId: id, step, findings },
      update: { findings },
    });
    await recordBy(tx, caller, {
      action: 'student.evaluation.findings',
      studentId: evaluation.studentId,
      targetType: 'evaluation',
      targetId: id,
      detail: { step },
    });
  });
}

/** Completing needs findings for every step and at least one goal; services then begin. */
export async function completeEvaluation(db: Db, caller: Caller, id: number): Promise<void> {
  const evaluation = await getEvaluation(db, caller, id, 'evaluation.change');
  const missing = evaluationSteps.filter((s) => !evaluation.findings.some((f) => f.step === s.step && f.findings.trim()));
  if (missing.length) throw new Invalid({ form: `Record findings for: ${missing.map((m) => m.title.toLowerCase()).join(', ')}.` });
  if (evaluation.student.goals.length === 0) throw new Invalid({ form: 'Add at least one goal for the student before completing.' });
  await db.$transaction(async (tx) => {
    await tx.evaluation.update({ where: { id }, data: { completedAt: new Date() } });
    await tx.student.updateMany({
      where: { id: evaluation.studentId, status: { in: ['referred', 'evaluating'] } },
      data: { status: 'active', version: { increment: 1 } },
    });
    await recordBy(tx, caller, {
      action: 'student.evaluation.completed',
      studentId: evaluation.studentId,
      targetType: 'evaluation',
      targetId: id,
    });
  });
}
