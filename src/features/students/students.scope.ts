// Which students a user may see. Every query of student data starts from here.
import type { Prisma } from '../../db/client.js';
import type { CurrentUser } from '../../web/auth.js';

export function studentScope(user: Pick<CurrentUser, 'id' | 'role'>): Prisma.StudentWhereInput {
  switch (user.role) {
    case 'admin':
      return {};
    case 'therapist':
      return { therapists: { some: { userId: user.id } } };
    case 'teacher':
      return { teachers: { some: { userId: user.id } } };
  }
}
