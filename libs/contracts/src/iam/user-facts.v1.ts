import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID } from 'class-validator';
import { ROLES, type Role } from '../common/roles';

/**
 * What every `evt.iam.user.*` event carries: the user as it stands after the change, whole, so a consumer's
 * directory row is replaced by the newest version it has seen, whatever the order of delivery.
 */
export class UserFactsV1 {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;

  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsIn(ROLES)
  role!: Role;

  @IsOptional()
  @IsUUID()
  partnerId!: string | null;

  @IsBoolean()
  active!: boolean;
}

export const USER_FACTS_FIXTURE: UserFactsV1 = {
  userId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa',
  email: 'anna.smirnova@saleswire.example',
  name: 'Anna Smirnova',
  role: 'manager',
  partnerId: null,
  active: true,
};
