import { Body, Controller, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForbiddenError } from '@saleswire/messaging';
import { Public } from '@saleswire/observability';
import { UserService } from '../user/user.service';
import { TokenRequestDto } from './dto/token-request.dto';
import { CurrentUser, type AuthenticatedPrincipal } from './principal';
import { TokenService } from './token.service';

/** Why a credential other than the gateway's own token is not refreshed here (403: valid, but not for this route). */
const NOT_REFRESHED_HERE: Record<Exclude<AuthenticatedPrincipal['via'], 'gateway_token'>, string> = {
  api_key: 'An API key does not expire and has nothing to refresh: send it as it is. Only a token of POST /auth/token is refreshed here.',
  oidc: 'A token of the OpenID Connect provider is refreshed at that provider. Only a token of POST /auth/token is refreshed here.',
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UserService,
    private readonly tokens: TokenService,
  ) {}

  /** Exchanges an email and password for an access token. */
  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiBody({ type: TokenRequestDto })
  async token(@Body() body: TokenRequestDto): Promise<ReturnType<TokenService['issue']>> {
    const user = await this.users.authenticate(body.email, body.password);
    if (!user) throw new UnauthorizedException('The email or password is wrong.');
    return this.tokens.issue({ id: user.id, role: user.role, partnerId: user.partnerId });
  }

  /**
   * Exchanges a still-valid token of the gateway for a new one of the same user, so a client keeps no password.
   * The guard has already refused what must not get one: an expired or forged token (401), a deactivated user
   * (403), a token of a role the user no longer has (401, UserStatusCheck). An API key or an OIDC token is 403:
   * they are refreshed elsewhere.
   */
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Refresh a token of POST /auth/token before it expires',
    description:
      'Send the current, still-valid bearer token of `POST /auth/token`; the answer is a new token for the same user, as `POST /auth/token` answers. ' +
      'An expired or invalid token is 401 (sign in again); a deactivated user is 403; an API key or a token of the OpenID Connect provider is 403 (an API key does not expire, an OIDC token is refreshed at its provider).',
  })
  refresh(@CurrentUser() principal: AuthenticatedPrincipal): ReturnType<TokenService['issue']> {
    if (principal.via !== 'gateway_token') throw new ForbiddenError(NOT_REFRESHED_HERE[principal.via]);
    return this.tokens.issue({ id: principal.id, role: principal.role, partnerId: principal.partnerId });
  }
}
