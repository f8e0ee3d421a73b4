// The teacher's home, read in SQL from the teacher's own students and concerns: what it lists is
// theirs alone (their class, not another's; notes finalised and shared; strategies in use; answers
// from others on their own concerns), what is new is counted from when they last looked, and
// their students are the first 30 by name with how many in all, exited students left out.
import { beforeAll, describe, expect, it } from 'vitest';
import { markSeen, teacherHome } from '../../../src/features/dashboard/dashboard.service.js';
import type { CurrentUser } from '../../../src/access/current-user.js';
import { makeProgressNote, makeSchool, makeStudent, signedIn, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let teacher: CurrentUser & { email: string };
let other: CurrentUser & { email: string };
let ot: { id: number };
const ids = { first: 0, exited: 0, othersStudent: 0, concernNew: 0, concernOther: 0 };

beforeAll(async () => {
  const school = await makeSchool(t.db);
  teacher = (await user(t.db, 'teacher', { name: 'Tia Teacher' })) as never;
  other = (await user(t.db, 'teacher', { name: 'Otto Teacher' })) as never;
  ot = await user(t.db, 'therapist', { name: 'Olga Therapist' });
  // 32 students in the class, one of them exited, named Aa01 to Aa32 so the order is known.
  for (let i = 1; i <= 32; i++) {
    const s = await makeStudent(t.db, {
      schoolId: school.id,
      firstName: `Kid${i}`,
      lastName: `Aa${String(33 - i).padStart(2, '0')}`,
      therapistIds: [ot.id],
      teacherIds: [teacher.id],
      status: i === 32 ? 'exited' : 'active',
    });
    if (i === 31) ids.first = s.id; // lastName Aa02: the first by name once Aa01 has exited
    if (i === 32) ids.exited = s.id;
  }
  ids.othersStudent = (
    await makeStudent(t.db, { schoolId: school.id, lastName: 'Bb00', teacherIds: [other.id], therapistIds: [ot.id] })
  ).id;
  await t.db.studentStrategy.createMany({
    data: [
      { studentId: ids.first, strategyKey: 'hw-raised-lines', assignedById: ot.id },
      { studentId: ids.first, strategyKey: 'hw-slant-board', assignedById: ot.id, active: false },
      { studentId: ids.othersStudent, strategyKey: 'hw-pencil-grip', assignedById: ot.id },
    ],
  });
  await makeProgressNote(t.db, {
    studentId: ids.first,
    createdById: ot.id,
    title: 'Shared with Tia',
    status: 'final',
    sharedAt: new Date(),
  });
  await makeProgressNote(t.db, {
    studentId: ids.othersStudent,
    createdById: ot.id,
    title: 'Shared with Otto',
    status: 'final',
    sharedAt: new Date(),
  });
  ids.concernNew = (
    await t.db.concern.create({
      data: { teacherId: teacher.id, schoolId: school.id, studentName: 'Nia New', signs: 'pencil', example: 'New this week.' },
    })
  ).id;
  ids.concernOther = (
    await t.db.concern.create({
      data: { teacherId: other.id, schoolId: school.id, studentId: ids.othersStudent, signs: 'pencil', example: 'Otto’s.' },
    })
  ).id;
  await t.db.concernMessage.createMany({
    data: [
      { concernId: ids.concernNew, authorId: ot.id, body: 'I will visit on Tuesday.' },
      { concernId: ids.concernNew, authorId: teacher.id, body: 'Thank you.' },
      { concernId: ids.concernOther, authorId: ot.id, body: 'For Otto only.' },
    ],
  });
});

describe("a teacher's home", () => {
  it('lists their class only, the first 30 by name, with how many in all and no exited student', async () => {
    const home = await teacherHome(t.db, teacher);
    expect(home.studentTotal).toBe(31);
    expect(home.students).toHaveLength(30);
    expect(home.students[0]).toEqual({ id: ids.first, firstName: 'Kid31', lastName: 'Aa02', preferredName: null });
    expect(home.students.map((s) => s.lastName)).toEqual([...home.students.map((s) => s.lastName)].sort());
    expect(home.students.map((s) => s.id)).not.toContain(ids.exited);
    expect(home.students.map((s) => s.id)).not.toContain(ids.othersStudent);
    const otherHome = await teacherHome(t.db, other);
    expect(otherHome.studentTotal).toBe(1);
    expect(otherHome.students.map((s) => s.id)).toEqual([ids.othersStudent]);
  });

  it('shows what is new for them alone: notes shared, strategies in use, answers from others', async () => {
    const home = await teacherHome(t.db, teacher);
    expect(home.notes.map((n) => n.title)).toEqual(['Shared with Tia']);
    expect(home.notes[0]!.student).toEqual({ id: ids.first, firstName: 'Kid31', lastName: 'Aa02', preferredName: null });
    expect(home.strategies.map((s) => [s.strategyKey, s.student.id])).toEqual([['hw-raised-lines', ids.first]]);
    expect(home.answers).toEqual([expect.objectContaining({ author: 'Olga Therapist', concernId: ids.concernNew, about: 'Nia New' })]);
    const page = await (await signedIn(t.app, teacher.email)).agent.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Shared with Tia');
    expect(page.text).not.toContain('Shared with Otto');
    expect(page.text).not.toContain('Bb00');
    expect(page.text).toContain('My students (all 31)');
  });

  it('counts what is new from when they last looked', async () => {
    await markSeen(t.db, teacher, new Date(Date.now() + 1000));
    const home = await teacherHome(t.db, teacher);
    expect(home.notes).toEqual([]);
    expect(home.strategies).toEqual([]);
    expect(home.answers).toEqual([]);
    expect(home.studentTotal).toBe(31);
  });
});
