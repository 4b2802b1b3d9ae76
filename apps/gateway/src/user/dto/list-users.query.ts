import { ListQueryV1, ROLES, type Role } from '@saleswire/contracts';
import { IsIn, IsOptional } from 'class-validator';

/** `GET /api/v1/users?role=&limit=&cursor=`. */
export class ListUsersQuery extends ListQueryV1 {
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}
