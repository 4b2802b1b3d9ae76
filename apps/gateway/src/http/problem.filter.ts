import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblemDocument } from './problem';

/** Answers every failure of the HTTP API as `application/problem+json`. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const { problem, unexpected } = toProblemDocument(exception);
    if (unexpected) this.logger.error({ msg: 'unexpected error', error: (exception as Error)?.message }, (exception as Error)?.stack);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
