import { inputExample, ROLES, type Role } from '@saleswire/contracts';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** `PATCH /api/v1/users/{id}` with `If-Match`: what an admin may change of a user. */
export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** What the OpenAPI document shows for the body. */
export const UPDATE_USER_EXAMPLE = inputExample(UpdateUserDto, { name: 'Anna Smirnova-Petrova', role: 'head_of_sales' });
