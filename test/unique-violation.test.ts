// P2002 as each adapter reports it: the SQLite adapter names the columns, the PostgreSQL adapter
// the constraint (or the columns quoted from the server's message). Shapes copied from
// @prisma/adapter-better-sqlite3 and @prisma/adapter-pg 7.10 (their 23505 / SQLITE_CONSTRAINT mapping).
import { describe, expect, it } from 'vitest';
import { isUniqueViolationOn } from '../src/unique-violation.js';

const p2002 = (meta: unknown) => Object.assign(new Error('Unique constraint failed'), { code: 'P2002', meta });
const cause = (constraint: unknown) => ({
  driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'UniqueConstraintViolation', constraint } },
});

describe('isUniqueViolationOn', () => {
  it('reads SQLite’s column names', () => {
    expect(isUniqueViolationOn(p2002(cause({ fields: ['districtId'] })), 'districtId')).toBe(true);
  });

  it('reads PostgreSQL’s constraint name and its quoted column names', () => {
    expect(isUniqueViolationOn(p2002({ ...cause({ index: 'Student_districtId_key' }), table: 'Student' }), 'districtId')).toBe(true);
    expect(isUniqueViolationOn(p2002(cause({ fields: ['"districtId"'] })), 'districtId')).toBe(true);
  });

  it('reads the older `target` too', () => {
    expect(isUniqueViolationOn(p2002({ target: ['districtId'] }), 'districtId')).toBe(true);
    expect(isUniqueViolationOn(p2002({ target: 'Student_districtId_key' }), 'districtId')).toBe(true);
  });

  it('does not take another index, a longer name holding the field, or another error for it', () => {
    expect(isUniqueViolationOn(p2002(cause({ index: 'User_email_key' })), 'districtId')).toBe(false);
    expect(isUniqueViolationOn(p2002(cause({ fields: ['oldDistrictId2'] })), 'districtId')).toBe(false);
    expect(isUniqueViolationOn(p2002(cause({ index: 'Student_districtIds_key' })), 'districtId')).toBe(false);
    expect(
      isUniqueViolationOn(Object.assign(new Error('x'), { code: 'P2003', meta: cause({ fields: ['districtId'] }) }), 'districtId'),
    ).toBe(false);
    expect(isUniqueViolationOn(null, 'districtId')).toBe(false);
    expect(isUniqueViolationOn('P2002 districtId', 'districtId')).toBe(false);
  });
});
