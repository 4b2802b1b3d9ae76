import { ListQueryV1, ROLES, type Role } from '@saleswire/contracts';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

/** `GET /api/v1/api-keys?role=&partnerId=&limit=&cursor=`. */
export class ListApiKeysQuery extends ListQueryV1 {
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @IsUUID()
  partnerId?: string;
}
