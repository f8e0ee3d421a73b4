// The concerns list: open ones first, then referred, then closed, newest first within each, the
// same on every database (ordering by the status column itself sorts "closed" first on SQLite).
import { beforeAll, describe, expect, it } from 'vitest';
import { listConcerns } from '../../../src/features/concerns/concerns.service.js';
import type { CurrentUser } from '../../../src/access/current-user.js';
import { makeSchool, testApp, user } from '../../helpers/app.js';

const t = await testApp();
let teacher: CurrentUser;

beforeAll(async () => {
  const schoolId = (await makeSchool(t.db)).id;
  const made = await user(t.db, 'teacher');
  const other = await user(t.db, 'teacher');
  teacher = (await t.db.user.findUniqueOrThrow({ where: { id: made.id } })) as unknown as CurrentUser;
  const at = (day: number) => new Date(Date.UTC(2026, 9, day, 12));
  const rows = [
    { example: 'closed old', status: 'closed', createdAt: at(1) },
    { example: 'open old', status: 'open', createdAt: at(2) },
    { example: 'referred', status: 'referred', createdAt: at(3) },
    { example: 'closed new', status: 'closed', createdAt: at(4) },
    { example: 'open new', status: 'open', createdAt: at(5) },
    { example: 'open tie b', status: 'open', createdAt: at(2) },
  ] as const;
  for (const row of rows)
    await t.db.concern.create({ data: { ...row, teacherId: made.id, schoolId, studentName: 'New Pupil', signs: 'pencil' } });
  await t.db.concern.create({ data: { example: 'not mine', status: 'open', teacherId: other.id, schoolId, signs: 'pencil' } });
});

describe('the concerns list', () => {
  it('lists open, then referred, then closed, newest first (the later one first on the same moment), only the caller’s', async () => {
    const shown = await listConcerns(t.db, teacher, { skip: 0, take: 25 });
    expect(shown.concerns.map((c) => c.example)).toEqual(['open new', 'open tie b', 'open old', 'referred', 'closed new', 'closed old']);
    expect(shown.total).toBe(6);
  });

  it('gives them a page at a time, in the same order across pages, with how many in all', async () => {
    const first = await listConcerns(t.db, teacher, { skip: 0, take: 4 });
    const second = await listConcerns(t.db, teacher, { skip: 4, take: 4 });
    expect(first.concerns.map((c) => c.example)).toEqual(['open new', 'open tie b', 'open old', 'referred']);
    expect(second.concerns.map((c) => c.example)).toEqual(['closed new', 'closed old']);
    expect([first.total, second.total]).toEqual([6, 6]);
  });
});
