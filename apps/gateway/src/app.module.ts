import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule } from '@saleswire/messaging';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AUTH_CONFIG, TokenService } from './auth/token.service';
import type { GatewayConfig } from './config';
import { ENTITIES, MIGRATIONS } from './data-source';
import { DealRoutesModule } from './deal/deal-routes.module';
import { LeadRoutesModule } from './lead/lead-routes.module';
import { PartnerRoutesModule } from './partner/partner-routes.module';
import { PartnerStatusGuard } from './partner/partner-status.guard';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ProblemFilter } from './http/problem.filter';
import { RATE_LIMIT_CONFIG, RateLimits } from './http/rate-limits';
import { createValidationPipe } from './http/validation.pipe';
import { ReportsController } from './report/reports.controller';
import { UserEntity } from './user/user.entity';
import { UserService } from './user/user.service';
import { UsersController } from './user/users.controller';

/** The gateway: HTTP in, NATS requests out; its own tables are users and roles only. */
@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, {
          entities: ENTITIES,
          migrations: MIGRATIONS,
          sendsRequests: true,
        }),
        TypeOrmModule.forFeature([UserEntity]),
        DealRoutesModule,
        LeadRoutesModule,
        PartnerRoutesModule.forRoot(config),
      ],
      controllers: [AuthController, UsersController, ReportsController],
      providers: [
        { provide: AUTH_CONFIG, useValue: config.auth },
        { provide: RATE_LIMIT_CONFIG, useValue: config.rateLimits },
        RateLimits,
        TokenService,
        UserService,
        { provide: APP_GUARD, useClass: AuthGuard },
        // After the AuthGuard, which puts the principal on the request: a suspended partner's users get 403.
        { provide: APP_GUARD, useClass: PartnerStatusGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
