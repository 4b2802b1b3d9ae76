import { Inject, Injectable, Logger } from '@nestjs/common';
import { GET_PARTNER_V1 } from '@saleswire/contracts';
import { InvalidInputError, RpcClient } from '@saleswire/messaging';
import type { FastifyReply } from 'fastify';
import { toActor, type Principal } from '../auth/principal';
import { PartnerFeed, type OpenFeed } from './partner-feed';
import { resumeAfter, SSE_HEARTBEAT, sseEvent } from './partner-feed.policy';

export const PARTNER_FEED_HEARTBEAT_MS = Symbol('PARTNER_FEED_HEARTBEAT_MS');

/**
 * One `GET /partners/{id}/feed` as a server-sent events stream: the partner must be one the caller sees (404
 * otherwise, before anything is streamed, like every partners route), `Last-Event-ID` must be a feed id (400),
 * then the events as they happen and a heartbeat comment every `PARTNER_FEED_HEARTBEAT_MS` (15 s) until the
 * client goes.
 */
@Injectable()
export class PartnerFeedSession {
  private readonly logger = new Logger(PartnerFeedSession.name);

  constructor(
    private readonly rpc: RpcClient,
    private readonly feed: PartnerFeed,
    @Inject(PARTNER_FEED_HEARTBEAT_MS) private readonly heartbeatMs: number,
  ) {}

  async serve(partnerId: string, lastEventId: string | string[] | undefined, user: Principal, reply: FastifyReply): Promise<void> {
    const after = resumeAfter(lastEventId);
    if (after === undefined) throw new InvalidInputError([{ field: 'Last-Event-ID', message: 'must be the id of an event this feed sent' }]);
    await this.rpc.send(GET_PARTNER_V1, { actor: toActor(user), id: partnerId });
    const raw = reply.raw;
    void reply.hijack();
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let open = true;
    let stream: OpenFeed | undefined;
    const write = (chunk: string): void => {
      if (open) raw.write(chunk);
    };
    const heartbeat = setInterval(() => write(SSE_HEARTBEAT), this.heartbeatMs);
    const end = (): void => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      void stream?.close();
      raw.end();
    };
    // The response's close: the client went (a request's own close may come as soon as its body is read).
    raw.on('close', end);
    try {
      stream = await this.feed.start(partnerId, user.role, after, (seq, event) => write(sseEvent(seq, event)));
    } catch (error) {
      // NATS away: the client reconnects with its Last-Event-ID and misses nothing.
      this.logger.warn({ msg: 'partner feed could not start', partnerId, error: (error as Error).message });
      return end();
    }
    if (!open) return void stream.close();
    // The stream is open and reading: the client and proxies see it at once, events or not.
    write(': open\n\n');
  }
}
