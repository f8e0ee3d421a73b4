// Every demo student has a district student ID, as a district's information system would give:
// six digits, unique, the same on every load (so a roster exported from the demo imports back).
import { expect, it } from 'vitest';
import { demoDistrictId, loadDemoData } from '../../src/db/demo-data.js';
import { testApp } from '../helpers/app.js';

const t = await testApp();

it('gives every demo student a unique six-digit district ID, in the order they were added', { timeout: 60_000 }, async () => {
  await loadDemoData(t.db, t.config.timeZone);
  const students = await t.db.student.findMany({ orderBy: { id: 'asc' }, select: { districtId: true } });
  expect(students.length).toBeGreaterThan(50);
  const ids = students.map((s) => s.districtId);
  for (const id of ids) expect(id).toMatch(/^\d{6}$/);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(ids.map((_, n) => demoDistrictId(n)));
});
