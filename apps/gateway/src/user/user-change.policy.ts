import type { Role } from '@saleswire/contracts';
import { DomainRuleError } from '@saleswire/messaging';
import type { UpdateUserDto } from './dto/update-user.dto';

/** Who is changing a user, as far as the rules care. */
export interface UserChangeContext {
  actorId: string;
  user: { id: string; role: Role; active: boolean };
}

/**
 * The rules of a change to a user: a partner user's role is tied to its partner (a role change into or out of
 * `partner_user` would leave one without the other), and an admin does not lock themselves out.
 */
export function refusalOfUserChange(change: UpdateUserDto, { actorId, user }: UserChangeContext): DomainRuleError | null {
  if (change.role !== undefined && change.role !== user.role && (change.role === 'partner_user' || user.role === 'partner_user')) {
    return new DomainRuleError('A partner user belongs to a partner: create a new user instead of changing the role to or from partner_user.', [
      { field: 'role', message: 'cannot change to or from partner_user' },
    ]);
  }
  if (user.id === actorId && change.active === false) {
    return new DomainRuleError('You cannot deactivate yourself; another admin can.', [{ field: 'active', message: 'cannot deactivate yourself' }]);
  }
  if (user.id === actorId && change.role !== undefined && change.role !== user.role) {
    return new DomainRuleError('You cannot change your own role; another admin can.', [{ field: 'role', message: 'cannot change your own role' }]);
  }
  return null;
}

/** Which event a change makes: none when nothing changed, `deactivated` when it ends the user's activity. */
export function userChangeKind(before: { name: string; role: Role; active: boolean }, after: { name: string; role: Role; active: boolean }): 'none' | 'updated' | 'deactivated' {
  if (before.active && !after.active) return 'deactivated';
  if (before.name === after.name && before.role === after.role && before.active === after.active) return 'none';
  return 'updated';
}
