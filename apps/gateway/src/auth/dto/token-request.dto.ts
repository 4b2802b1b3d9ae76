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
