// The demo's students who are not yet served: one referred student per OT, waiting for consent
// to evaluate, and the rest being evaluated, part way through: consent given, an assessment or
// two, findings for the first steps. None of them has a plan, service minutes, goals or sessions.
import { addDays } from '../calendar/dates.js';
import { dueDate } from '../features/evaluations/evaluations.service.js';
import type { Db } from './client.js';

type Waiting = { studentId: number; therapist: number };

/** Assessments an OT gives, with the scores and what they mean in words a family reads. */
const assessments = [
  {
    name: 'Handwriting sample (copying a sentence)',
    scores: '14 of 26 lowercase letters formed correctly; 3 of 10 words spaced',
    meaning:
      'NAME forms about half of the letters so others can read them, and often runs words together. Most classmates form nearly all of them.',
  },
  {
    name: 'Beery test of copying shapes',
    scores: 'Standard score 82 (12th percentile)',
    meaning: 'Copying shapes is harder for NAME than for most children the same age: about 1 in 8 children score this low or lower.',
  },
  {
    name: 'Sensory Profile 2 (teacher questionnaire)',
    scores: 'Avoiding: more than others. Sensitivity: more than others.',
    meaning: 'NAME notices noise and busy rooms more than most classmates, and may leave the group or cover their ears to cope.',
  },
  {
    name: 'Classroom observation (writing time)',
    scores: 'Stayed with the task for 6 of 20 minutes; left the seat 4 times',
    meaning: 'NAME finds it hard to stay with a writing task for long. Short breaks to move helped NAME get back to work.',
  },
];

const findings = {
  family: 'The family sees the same at home: homework writing takes a long time, and buttons and zips are hard in the morning.',
  skills:
    'Holds the pencil in a tight fist and presses hard; the hand tires after a few lines. Cuts along a straight line but not a curve.',
  sensory: 'Covers ears in the lunch room and assembly; calmer with a quiet corner and noise-reducing headphones.',
};

export async function loadDemoEvaluations(db: Db, students: Waiting[], today: Date) {
  const referred = new Set<number>();
  for (const [i, s] of students.entries()) {
    if (!referred.has(s.therapist)) {
      referred.add(s.therapist);
      await db.student.update({ where: { id: s.studentId }, data: { status: 'referred', planType: 'none' } });
      continue;
    }
    const student = await db.student.update({ where: { id: s.studentId }, data: { planType: 'none' } });
    const name = student.preferredName ?? student.firstName;
    const consent = addDays(today, -(14 + ((i * 9) % 28)));
    const given = [assessments[i % assessments.length]!, ...(i % 2 ? [assessments[(i + 1) % assessments.length]!] : [])];
    await db.evaluation.create({
      data: {
        studentId: s.studentId,
        consentDate: consent,
        dueDate: dueDate(consent, { kind: 'calendar', days: 60 }),
        dueRule: '60 calendar days',
        createdById: s.therapist,
        assessments: {
          create: given.map((a, n) => ({
            name: a.name,
            givenOn: addDays(consent, 5 + n * 4),
            scores: a.scores,
            meaning: a.meaning.replaceAll('NAME', name),
          })),
        },
        findings: {
          create: (['family', 'skills', ...(i % 2 ? (['sensory'] as const) : [])] as const).map((step) => ({
            step,
            findings: findings[step],
          })),
        },
      },
    });
  }
}
