import type { Role } from '@saleswire/contracts';
import type { UserEntity } from './user.entity';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  partnerId: string | null;
  active: boolean;
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
