import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { isRpcProblem, type RpcContract } from '@saleswire/contracts';
import { CORRELATION_HEADER, correlationIdOrNew, Metrics } from '@saleswire/observability';
import { lastValueFrom, timeout, TimeoutError } from 'rxjs';
import { Namespace, type MessagingConfig } from '../messaging.config';
import { NATS_CONNECTION_OPTIONS } from '../jetstream/nats.connection';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import { ProblemError, ServiceUnavailableError } from '../problem.error';

/**
 * Sends request/reply messages to the services through Nest's NATS client, with the correlation id in the
 * headers and a timeout on every call. A service that does not answer becomes a 503 `ProblemError`; a
 * service's own problem comes back as a `ProblemError` with its status.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly client: ClientNats;
  private readonly ns: Namespace;

  constructor(
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly metrics: Metrics,
  ) {
    this.ns = new Namespace(config.namespace);
    this.client = new ClientNats({
      servers: config.natsUrl.split(','),
      name: `${config.service}-rpc`,
      ...NATS_CONNECTION_OPTIONS,
    });
  }

  /** Sends `data` to the contract's subject and waits for the answer, at most `timeoutMs`. */
  async send<Req extends object, Res>(
    contract: RpcContract<Req, Res>,
    data: Req,
    timeoutMs = this.config.rpcTimeoutMs,
  ): Promise<Res> {
    const headers = natsHeaders();
    headers.set(CORRELATION_HEADER, correlationIdOrNew());
    const record = new NatsRecordBuilder(data).setHeaders(headers).build();
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      return await lastValueFrom(this.client.send<Res>(this.ns.subject(contract.subject), record).pipe(timeout(timeoutMs)));
    } catch (error) {
      if (isRpcProblem(error)) {
        outcome = String(error.status);
        throw ProblemError.from(error);
      }
      outcome = error instanceof TimeoutError ? 'timeout' : 'unreachable';
      const service = contract.subject.split('.')[1];
      throw new ServiceUnavailableError(
        error instanceof TimeoutError
          ? `The ${service} service did not answer within ${timeoutMs} ms.`
          : `The ${service} service cannot be reached.`,
      );
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.rpcRequests.observe({ subject: contract.subject, outcome }, seconds);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
