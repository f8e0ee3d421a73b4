// The admin's user search ignores case the same way on SQLite and PostgreSQL (both sides
// lowercased in SQL), and takes LIKE's wildcards in what was typed literally.
import { beforeAll, describe, expect, it } from 'vitest';
import { likeEscaped, listUsers, userIdsMatching } from '../../../src/features/admin/users.service.js';
import { testApp, user } from '../../helpers/app.js';

const t = await testApp();
const page = { skip: 0, take: 50 };
let ann: number;
let bob: number;
let pct: number;

beforeAll(async () => {
  ann = (await user(t.db, 'teacher', { name: 'Ann McDONALD', email: 'ann.mcd@school.org' })).id;
  bob = (await user(t.db, 'therapist', { name: 'Bob Underscore', email: 'bob_u@school.org' })).id;
  pct = (await user(t.db, 'admin', { name: 'Percy 100% Admin', email: 'percy@school.org' })).id;
  await user(t.db, 'teacher', { name: 'Bobbu Other', email: 'bobxu@school.org' });
});

describe('user search', () => {
  it('finds a name or an email whatever the case typed or stored', async () => {
    expect(await userIdsMatching(t.db, 'mcdonald')).toEqual([ann]);
    expect(await userIdsMatching(t.db, 'McDonald')).toEqual([ann]);
    expect(await userIdsMatching(t.db, 'ANN.MCD@')).toEqual([ann]);
  });

  it('takes % and _ as the characters typed, not as wildcards', async () => {
    expect(await userIdsMatching(t.db, 'bob_u')).toEqual([bob]);
    expect(await userIdsMatching(t.db, '100%')).toEqual([pct]);
    expect(await userIdsMatching(t.db, '%')).toEqual([pct]);
    expect(likeEscaped('a!b%c_d')).toBe('a!!b!%c!_d');
  });

  it('combines with the role filter, and an empty search lists everyone', async () => {
    const teachers = await listUsers(t.db, { q: 'BOB', role: 'teacher', status: undefined }, page);
    expect(teachers.users.map((u) => u.name)).toEqual(['Bobbu Other']);
    const nobody = await listUsers(t.db, { q: 'nobody-has-this', role: undefined, status: undefined }, page);
    expect(nobody).toEqual({ users: [], total: 0 });
    const all = await listUsers(t.db, { q: '', role: undefined, status: undefined }, page);
    expect(all.total).toBe(4);
  });
});
