import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { textParser } from '../http/request-input';
import { LeadAssignmentController } from './lead-assignment.controller';
import { LeadImportController } from './lead-import.controller';
import { LeadWorkflowController } from './lead-workflow.controller';
import { LeadsController } from './leads.controller';
import { MarketingEventsController } from './marketing-events.controller';

/** 100,000 CSV rows of a few hundred bytes each. */
export const CSV_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * The routes of API.md's Leads section. RpcClient comes from the
 * global MessagingModule; the guard, problem filter and validation pipe are the app's global ones. Registers a
 * `text/csv` body parser (with its own size limit) for `POST /leads/import`.
 */
@Module({
  controllers: [LeadsController, LeadImportController, LeadWorkflowController, LeadAssignmentController, MarketingEventsController],
})
export class LeadRoutesModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || typeof fastify.hasContentTypeParser !== 'function' || fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT }, (request, body, done) => {
      // Outside Nest's body parsers, so a refusal is handed to Fastify, which passes it to the problem filter.
      try {
        textParser(request, body as Buffer, done);
      } catch (error) {
        done(error as Error);
      }
    });
  }
}
