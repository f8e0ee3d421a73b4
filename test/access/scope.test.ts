// The scopes written twice, for Prisma and in SQL for reads that skip it (access/scope.ts): for
// every kind of user, both must pick exactly the same rows.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../src/access/current-user.js';
import { concernListScopeSql, concernScope } from '../../src/access/scope.js';
import { reads } from '../../src/db/reads.js';
import { makeSchool, makeStudent, testApp, user } from '../helpers/app.js';

const t = await testApp();
const people: CurrentUser[] = [];
/** What the OT assigned to the north school alone must see, by the rule (concernScope's comment). */
let assignedSees: number[] = [];

beforeAll(async () => {
  const [north, south] = [await makeSchool(t.db), await makeSchool(t.db)];
  const assigned = await user(t.db, 'therapist', { name: 'Ana Assigned' });
  const both = await user(t.db, 'therapist', { name: 'Ben Both-Schools' });
  const unassigned = await user(t.db, 'therapist', { name: 'Cal Unassigned' });
  const assistant = await user(t.db, 'therapist', { name: 'Dee Assistant' });
  await t.db.user.update({ where: { id: assistant.id }, data: { assistant: true } });
  const [teacher, otherTeacher, admin] = [await user(t.db, 'teacher'), await user(t.db, 'teacher'), await user(t.db, 'admin')];
  await t.db.schoolTherapist.createMany({
    data: [
      { schoolId: north.id, userId: assigned.id },
      { schoolId: north.id, userId: both.id },
      { schoolId: south.id, userId: both.id },
    ],
  });
  // Students served by one OT, by two, by none, at either school.
  const students = [
    await makeStudent(t.db, { schoolId: north.id, therapistIds: [assigned.id] }),
    await makeStudent(t.db, { schoolId: north.id, therapistIds: [unassigned.id, assistant.id] }),
    await makeStudent(t.db, { schoolId: north.id }),
    await makeStudent(t.db, { schoolId: south.id, therapistIds: [assigned.id] }),
    await makeStudent(t.db, { schoolId: south.id }),
  ];
  const abouts = [...students.map((s) => ({ studentId: s.id, schoolId: s.schoolId })), { schoolId: north.id }, { schoolId: south.id }];
  // Ana's: her two students (at either school), and at north, the student no OT serves and the new one.
  const anaSees = new Set([0, 2, 3, 5]);
  for (const [i, about] of abouts.entries())
    for (const teacherId of [teacher.id, otherTeacher.id]) {
      const concern = await t.db.concern.create({
        data: {
          teacherId,
          ...about,
          ...('studentId' in about ? {} : { studentName: `New student ${i}` }),
          signs: 'pencil',
          example: 'Grips the pencil tightly.',
        },
      });
      if (anaSees.has(i)) assignedSees.push(concern.id);
    }
  assignedSees = assignedSees.sort((a, b) => a - b);
  for (const u of [assigned, both, unassigned, assistant, teacher, otherTeacher, admin]) {
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    people.push({ id: row.id, email: row.email, name: row.name, role: row.role, assistant: row.assistant, mustChangePassword: false });
  }
});

describe("a concern's scope", () => {
  it('is the same in SQL as for Prisma, for every kind of user', async () => {
    const all = await t.db.concern.count();
    for (const person of people) {
      const prisma = (await t.db.concern.findMany({ where: concernScope(person), select: { id: true } }))
        .map((c) => c.id)
        .sort((a, b) => a - b);
      const scope = concernListScopeSql(person, 'c');
      const sql = (await reads(t.db).all<{ id: number }>(`SELECT c."id" FROM "Concern" c WHERE ${scope.sql}`, scope.params))
        .map((c) => c.id)
        .sort((a, b) => a - b);
      expect(sql, `${person.role} ${person.name}`).toEqual(prisma);
      if (person.name === 'Ana Assigned') expect(sql).toEqual(assignedSees);
      if (person.role === 'admin') expect(sql).toHaveLength(all);
      else expect(sql.length, `${person.name} sees some, not all`).toBeLessThan(all);
    }
  });
});
