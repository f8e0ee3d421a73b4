// Builders for records, shared by the demo data and the tests so both make data the same way.
import type { Role, StudentStatus } from '../generated/prisma/enums.js';
import { hashPassword } from '../features/auth/passwords.js';
import { searchNameFor } from '../features/students/search-name.js';
import type { Db } from './client.js';

let counter = 0;
const next = () => ++counter;

export async function makeSchool(db: Db, fields: { name?: string } = {}) {
  return db.school.create({ data: { name: fields.name ?? `School ${next()}` } });
}

export async function makeUser(
  db: Db,
  fields: {
    role: Role;
    name?: string;
    email?: string;
    password?: string;
    /** A hash made once and reused, when many accounts share a password (the demo data). */
    passwordHash?: string;
    disabled?: boolean;
    mustChangePassword?: boolean;
  },
) {
  const n = next();
  return db.user.create({
    data: {
      role: fields.role,
      name: fields.name ?? `${fields.role} ${n}`,
      email: (fields.email ?? `${fields.role}${n}@tandem.example`).toLowerCase(),
      passwordHash: fields.passwordHash ?? (await hashPassword(fields.password ?? 'correct horse battery staple')),
      disabledAt: fields.disabled ? new Date() : null,
      mustChangePassword: fields.mustChangePassword ?? false,
    },
  });
}

export async function makeStudent(
  db: Db,
  fields: {
    schoolId: number;
    firstName?: string;
    lastName?: string;
    preferredName?: string | null;
    gradeLevel?: number;
    status?: StudentStatus;
    therapistIds?: number[];
    teacherIds?: number[];
  },
) {
  const n = next();
  const names = {
    firstName: fields.firstName ?? `Student${n}`,
    lastName: fields.lastName ?? `Example${n}`,
    preferredName: fields.preferredName ?? null,
  };
  return db.student.create({
    data: {
      ...names,
      searchName: searchNameFor(names),
      gradeLevel: fields.gradeLevel ?? 2,
      status: fields.status ?? 'active',
      schoolId: fields.schoolId,
      therapists: { create: (fields.therapistIds ?? []).map((userId) => ({ userId })) },
      teachers: { create: (fields.teacherIds ?? []).map((userId) => ({ userId })) },
    },
  });
}
