import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { RETRY_AFTER_SECONDS } from '@saleswire/messaging';
import type { FastifyReply } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblemDocument } from './problem';

/**
 * Answers every failure of the HTTP API as `application/problem+json`. A 503 (a service, the database or NATS
 * away for a moment) says when to try again; a 429 has its `Retry-After` from the rate limit already.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const { problem, unexpected } = toProblemDocument(exception);
    if (unexpected) this.logger.error({ msg: 'unexpected error', error: (exception as Error)?.message }, (exception as Error)?.stack);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (problem.status === 503 && !reply.hasHeader('retry-after')) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
