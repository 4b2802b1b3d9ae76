import { inputExample, ROLES, type Role } from '@saleswire/contracts';
import { IsEmail, IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';

/** `POST /api/v1/users`. */
export class CreateUserDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsIn(ROLES)
  role!: Role;

  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @ValidateIf((user: CreateUserDto) => user.role === 'partner_user' || user.partnerId !== undefined)
  @IsUUID(undefined, { message: 'partnerId must be a UUID, and is required for the partner_user role' })
  partnerId?: string;
}

/** What the OpenAPI document shows for the body. */
export const CREATE_USER_EXAMPLE = inputExample(CreateUserDto, {
  email: 'anna.smirnova@saleswire.example',
  name: 'Anna Smirnova',
  role: 'manager',
  password: 'a-long-enough-password',
});
