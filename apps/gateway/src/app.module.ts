import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformModule } from '@saleswire/messaging';
import { ApiKeyOrigins } from './api-key/api-key-origins';
import { ApiKeyLookup } from './api-key/api-key.lookup';
import { ApiKeyService } from './api-key/api-key.service';
import { ApiKeyStore } from './api-key/api-key.store';
import { ApiKeysController } from './api-key/api-keys.controller';
import { PARTNER_ACTIVE_CHECK } from './api-key/partner-active.check';
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
import { AggregationModule } from './aggregation/aggregation.config';
import { DashboardController } from './dashboard/dashboard.controller';
import { DealRoutesModule } from './deal/deal-routes.module';
import { LeadRoutesModule } from './lead/lead-routes.module';
import { PartnerRoutesModule } from './partner/partner-routes.module';
import { PartnerDirectory } from './partner/partner-directory';
import { PartnerOriginsCache } from './partner/partner-origins.cache';
import { PartnerStatusForgetting, PartnerSuspendedCheck } from './partner/partner-suspended.check';
import { BrowserOrigins, GATEWAY_ORIGINS, ORIGIN_SOURCES } from './http/browser-origins';
import { gatewayOrigins } from './http/cors-origins.policy';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { REQUEST_TIME_LIMIT_MS, RequestTimeLimitInterceptor } from './http/request-time-limit';
import { ProblemFilter } from './http/problem.filter';
import { RATE_LIMIT_CONFIG, RateLimits } from './http/rate-limits';
import { createValidationPipe } from './http/validation.pipe';
import { ReportsController } from './report/reports.controller';
import { SalesPlansController } from './report/sales-plans.controller';
import { UserEntity } from './user/user.entity';
import { UserChangeService } from './user/user-change.service';
import { UserStatusBroadcast } from './user/user-status.broadcast';
import { UserStatusCheck } from './user/user-status.check';
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
          // Users are the platform's directory: evt.iam.user.* through the gateway's own outbox.
          publishes: true,
        }),
        TypeOrmModule.forFeature([UserEntity]),
        AggregationModule.forRoot(config.aggregationDeadlineMs),
        DealRoutesModule,
        LeadRoutesModule,
        PartnerRoutesModule.forRoot(config),
      ],
      controllers: [AuthController, UsersController, ApiKeysController, BatchController, ReportsController, SalesPlansController, DashboardController],
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
        UserStatusCheck,
        UserStatusBroadcast,
        PartnerSuspendedCheck,
        PartnerStatusForgetting,
        {
          provide: PRINCIPAL_CHECKS,
          useFactory: (users: UserStatusCheck, suspended: PartnerSuspendedCheck) => [users, suspended],
          inject: [UserStatusCheck, PartnerSuspendedCheck],
        },
        ApiKeyStore,
        ApiKeyLookup,
        ApiKeyOrigins,
        ApiKeyService,
        // CORS beyond CORS_ORIGINS: the origins an API key or a partner lists for its own callers (issue 15).
        { provide: GATEWAY_ORIGINS, useValue: gatewayOrigins(config.corsOrigins) },
        {
          provide: ORIGIN_SOURCES,
          useFactory: (keys: ApiKeyOrigins, partners: PartnerOriginsCache) => [keys, partners],
          inject: [ApiKeyOrigins, PartnerOriginsCache],
        },
        BrowserOrigins,
        // A partner user's or key's partner must exist and be active: the partners service says so over NATS.
        { provide: PARTNER_ACTIVE_CHECK, useExisting: PartnerDirectory },
        BatchDispatcher,
        UserService,
        UserChangeService,
        { provide: APP_GUARD, useClass: AuthGuard },
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
