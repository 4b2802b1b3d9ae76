import { inputExample } from '@saleswire/contracts';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

/** `POST /api/v1/auth/token`. */
export class TokenRequestDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

/** What the OpenAPI document shows for the body (the password is the local default admin's). */
export const TOKEN_REQUEST_EXAMPLE = inputExample(TokenRequestDto, { email: 'admin@saleswire.local', password: 'saleswire-admin' });
