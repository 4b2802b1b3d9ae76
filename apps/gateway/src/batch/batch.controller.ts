import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { InvalidInputError } from '@saleswire/messaging';
import type { FastifyRequest } from 'fastify';
import { NoRequestTimeLimit } from '../http/request-time-limit';
import { checkBatch } from './batch-operation';
import { BatchDispatcher } from './batch.dispatcher';
import { BatchRequestDto, type BatchResponse } from './batch.dto';

@ApiTags('batch')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('batch')
export class BatchController {
  constructor(private readonly dispatcher: BatchDispatcher) {}

  /**
   * Up to 100 operations, answered in order, each as if it had been sent alone with the caller's credentials:
   * its own status and body in its slot (a bad one is a 400 there, not a failure of the batch).
   */
  @Post()
  @HttpCode(200)
  // Up to 100 operations in turn, each with its own time limit (BatchDispatcher): the batch as a whole has none.
  @NoRequestTimeLimit()
  @ApiBody({ type: BatchRequestDto })
  async run(@Req() request: FastifyRequest): Promise<BatchResponse> {
    if (this.dispatcher.isOperation(request)) {
      throw new InvalidInputError([{ field: 'path', message: 'a batch cannot contain a batch' }]);
    }
    // Read by checkBatch, not by a @Body() through the ValidationPipe (see there why).
    return { results: await this.dispatcher.run(request, checkBatch(request.body)) };
  }
}
