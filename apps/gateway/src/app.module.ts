import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule } from '@saleswire/messaging';
import { ApiKeyLookup } from './api-key/api-key.lookup';
import { ApiKeyService } from './api-key/api-key.service';
import { ApiKeyStore } from './api-key/api-key.store';
import { ApiKeysController } from './api-key/api-keys.controller';
import { PARTNER_ACTIVE_CHECK, PartnerIdShapeOnly } from './api-key/partner-active.check';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import { OidcVerifier } from './auth/oidc/oidc-verifier';
import { PRINCIPAL_CHECKS, PrincipalChecks } from './auth/principal-check';
import { AUTH_CONFIG, TokenService } from './auth/token.service';
import { BatchController } from './batch/batch.controller';
import { BatchDispatcher } from './batch/batch.dispatcher';
import type { GatewayConfig } from './config';
import { ENTITIES, MIGRATIONS } from './data-source';
import { DealRoutesModule } from './deal/deal-routes.module';
import { LeadRoutesModule } from './lead/lead-routes.module';
import { PartnerRoutesModule } from './partner/partner-routes.module';
import { PartnerStatusGuard } from './partner/partner-status.guard';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { REQUEST_TIME_LIMIT_MS, RequestTimeLimitInterceptor } from './http/request-time-limit';
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
          recordsRequestKeys: true,
        }),
        TypeOrmModule.forFeature([UserEntity]),
        DealRoutesModule,
        LeadRoutesModule,
        PartnerRoutesModule.forRoot(config),
      ],
      controllers: [AuthController, UsersController, ApiKeysController, BatchController, ReportsController],
      providers: [
        { provide: AUTH_CONFIG, useValue: config.auth },
        { provide: RATE_LIMIT_CONFIG, useValue: config.rateLimits },
        RateLimits,
        TokenService,
        OidcVerifier,
        Authenticator,
        PrincipalChecks,
        // The guard's one hook for "may this authenticated caller still act": deactivated users and suspended
        // partners are refused by the checks listed here (auth/principal-check.ts).
        { provide: PRINCIPAL_CHECKS, useValue: [] },
        ApiKeyStore,
        ApiKeyLookup,
        ApiKeyService,
        // A partner key's partner must exist and be active: the partners routes' PartnerDirectory will say so.
        { provide: PARTNER_ACTIVE_CHECK, useClass: PartnerIdShapeOnly },
        BatchDispatcher,
        UserService,
        { provide: APP_GUARD, useClass: AuthGuard },
        // After the AuthGuard, which puts the principal on the request: a suspended partner's users get 403.
        { provide: APP_GUARD, useClass: PartnerStatusGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        // First, so the limit covers the idempotency work too.
        { provide: REQUEST_TIME_LIMIT_MS, useValue: config.requestTimeoutMs },
        { provide: APP_INTERCEPTOR, useClass: RequestTimeLimitInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
