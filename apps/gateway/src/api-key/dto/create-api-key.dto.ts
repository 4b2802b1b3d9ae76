import { inputExample, IsOrigin, MAX_ALLOWED_ORIGINS, ROLES, type Role } from '@saleswire/contracts';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';

/** `POST /api/v1/api-keys`. */
export class CreateApiKeyDto {
  /** What the key is for, so that an admin knows what breaks when it is revoked. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsIn(ROLES)
  role!: Role;

  @ValidateIf((key: CreateApiKeyDto) => key.role === 'partner_user' || key.partnerId !== undefined)
  @IsUUID(undefined, { message: 'partnerId must be a UUID, and is required for the partner_user role' })
  partnerId?: string;

  /** Requests a second; the key bursts to as many seconds of it as users do. Without it, the users' rate. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  rateLimit?: number;

  /**
   * Web origins (`https://portal.dealer.example`) whose pages may send this key and read the answers (CORS),
   * besides `CORS_ORIGINS`; canonical origins only: http(s), host and port, lower case, no path, no wildcard.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ALLOWED_ORIGINS)
  @IsOrigin({ each: true })
  allowedOrigins?: string[];
}

/** What the OpenAPI document shows for the body. */
export const CREATE_API_KEY_EXAMPLE = inputExample(CreateApiKeyDto, { name: 'ERP sync', role: 'manager', rateLimit: 20, allowedOrigins: ['https://portal.dealer.example'] });
