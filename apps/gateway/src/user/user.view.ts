import type { Role } from '@saleswire/contracts';
import type { UserEntity } from './user.entity';

/**
 * A user as colleagues see them in the directory (`GET /users` for a head of sales, a manager or a channel
 * manager): who they are, how to reach them and whether they still work here — enough to put a name on an
 * assignee, an owner or a team member. What only an administrator needs (the row's version for `If-Match`,
 * when the account was made) is left out.
 */
export interface UserDirectoryEntry {
  id: string;
  name: string;
  /** The work email: colleagues write to a deal's owner; a sales CRM shows it to them. */
  email: string;
  role: Role;
  /** The partner a `partner_user` belongs to; null for the company's own people. */
  partnerId: string | null;
  active: boolean;
}

/** A user as an administrator sees and changes them. */
export interface UserView extends UserDirectoryEntry {
  version: number;
  createdAt: string;
}

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    partnerId: user.partnerId,
    active: user.active,
    version: user.version,
    createdAt: user.createdAt.toISOString(),
  };
}

/** The directory's fields only: what `GET /users` answers a caller who is not an administrator. */
export function toUserDirectoryEntry(user: UserEntity): UserDirectoryEntry {
  return { id: user.id, name: user.name, email: user.email, role: user.role, partnerId: user.partnerId, active: user.active };
}
