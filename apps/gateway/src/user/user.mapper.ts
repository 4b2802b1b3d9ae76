import type { UserFactsV1 } from '@saleswire/contracts';
import type { UserEntity } from './user.entity';

/** The user as its events carry it: whole, so a directory row is replaced rather than patched. */
export function toUserFacts(user: UserEntity): UserFactsV1 {
  return { userId: user.id, email: user.email, name: user.name, role: user.role, partnerId: user.partnerId, active: user.active };
}
