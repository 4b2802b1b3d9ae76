import { Body, Controller, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { Public } from '@saleswire/observability';
import { UserService } from '../user/user.service';
import { TokenRequestDto } from './dto/token-request.dto';
import { TokenService } from './token.service';

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
}
