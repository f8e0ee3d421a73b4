// Who is signed in, as every layer sees them. Loaded fresh from the database on each request.
import type { Role } from '../generated/prisma/enums.js';

export type CurrentUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** An OT assistant: a therapist who works under a supervising OT. */
  assistant: boolean;
  mustChangePassword: boolean;
};

/** The signed-in user as every layer sees them, from their account row. */
export function currentUserOf(user: CurrentUser): CurrentUser {
  const { id, email, name, role, assistant, mustChangePassword } = user;
  return { id, email, name, role, assistant, mustChangePassword };
}
