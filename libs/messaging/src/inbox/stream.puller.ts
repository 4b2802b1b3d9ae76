import type { Logger } from '@nestjs/common';
import type { ConsumerInfo, JetStreamClient, JetStreamManager, JsMsg, MsgRequest } from '@nats-io/jetstream';
import { backoffMs, sleep } from '../concurrency';
import { ensureDurableConsumer, isNotFound } from '../jetstream/streams';

/** How long one pull waits for messages; also the longest a shutdown waits for the last pull. */
const FETCH_EXPIRES_MS = 2000;

/** Which durable consumer of which stream a puller reads, and how that consumer is configured. */
export interface StreamPullerOptions {
  stream: string;
  durable: string;
  /** One subject, or the whole stream (nats-server 2.9 takes one filter per consumer). */
  filterSubject: string;
  deliverFrom: 'first' | 'new';
  maxDeliver: number;
  maxAckPending: number;
  /** Messages asked for by one fetch. */
  batchSize: number;
}

/** How far behind one durable consumer is: what an operator alerts on and reporting scales by. */
export interface ConsumerBacklog {
  stream: string;
  durable: string;
  /** Events of its subjects not delivered to it yet. */
  pending: number;
  /** Events delivered to it and not acknowledged yet (in hand, or waiting for redelivery). */
  unacked: number;
  /** How long ago the oldest event it still owes was stored; 0 when it owes none. */
  oldestAgeSeconds: number;
}

/**
 * Pulls one durable consumer's messages with bounded fetches for as long as it runs, handing each to
 * `deliver` (which applies backpressure by resolving late), and re-attaches with backoff after a failure.
 */
export class StreamPuller {
  private active = false;
  private loop?: Promise<void>;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: StreamPullerOptions,
    private readonly deliver: (message: JsMsg) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Starts pulling in the background. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.loop = this.run();
  }

  /** Stops pulling; resolves once the last fetch has ended and its unstarted messages went back to the stream. */
  async stop(): Promise<void> {
    this.active = false;
    await this.loop;
  }

  /**
   * Messages of the stream this consumer has not been handed yet or not acknowledged yet; infinite while the
   * durable does not exist yet (the stream's producer has never started, or the first attach is under way).
   */
  async pending(): Promise<number> {
    const info = await this.info(await this.js.jetstreamManager());
    return info ? info.num_pending + info.num_ack_pending : Number.POSITIVE_INFINITY;
  }

  /** Its backlog; undefined while the durable does not exist yet. */
  async backlog(): Promise<ConsumerBacklog | undefined> {
    const { stream, durable, filterSubject } = this.options;
    const jsm = await this.js.jetstreamManager();
    const info = await this.info(jsm);
    if (!info) return undefined;
    let oldestAgeSeconds = 0;
    if (info.num_pending + info.num_ack_pending > 0) {
      // The oldest event it owes is the first of its subjects after its ack floor (`next_by_subj` is in the
      // server's MSG.GET since 2.9, not in the client's type).
      const request = { seq: info.ack_floor.stream_seq + 1, next_by_subj: filterSubject } as unknown as MsgRequest;
      const oldest = await jsm.streams.getMessage(stream, request).catch(() => null);
      if (oldest) oldestAgeSeconds = Math.max(0, (Date.now() - oldest.time.getTime()) / 1000);
    }
    return { stream, durable, pending: info.num_pending, unacked: info.num_ack_pending, oldestAgeSeconds };
  }

  private async info(jsm: JetStreamManager): Promise<ConsumerInfo | undefined> {
    try {
      return await jsm.consumers.info(this.options.stream, this.options.durable);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async run(): Promise<void> {
    const { stream, durable } = this.options;
    let failures = 0;
    while (this.active) {
      try {
        const jsm = await this.js.jetstreamManager();
        await ensureDurableConsumer(jsm, stream, durable, {
          maxDeliver: this.options.maxDeliver,
          ackWaitMs: 30_000,
          maxAckPending: this.options.maxAckPending,
          filterSubject: this.options.filterSubject,
          deliverFrom: this.options.deliverFrom,
        });
        const consumer = await this.js.consumers.get(stream, durable);
        failures = 0;
        while (this.active) {
          // Bounded fetches rather than an endless pull (`consume()`): at shutdown the last one expires within
          // FETCH_EXPIRES_MS, so no message is left delivered to a dead inbox until ack_wait runs out.
          const batch = await consumer.fetch({ max_messages: this.options.batchSize, expires: FETCH_EXPIRES_MS });
          for await (const message of batch) {
            if (!this.active) {
              // Pulled but not started before shutdown: back to the stream, but only once this pull has expired.
              // A message handed back at once is delivered again into the same pull, handed back again, and
              // so on until the server's delivery limit ends it with no one left to dead-letter it.
              message.nak(FETCH_EXPIRES_MS + 1000);
              continue;
            }
            await this.deliver(message);
          }
        }
      } catch (error) {
        if (!this.active) break;
        failures++;
        // The producer owns the stream; until it has started once, there is nothing to consume. A stream not there
        // yet is looked for every second at most (one cheap API request): a producer starting after its consumers
        // (the gateway after leads and deals) is heard within a second, not after a 5 s backoff.
        const missing = isNotFound(error);
        const delay = backoffMs(failures, 250, missing ? 1000 : 5000);
        const level = missing ? 'log' : 'warn';
        this.logger[level]({ msg: `waiting for stream ${stream}`, error: (error as Error).message, retryInMs: delay });
        await sleep(delay);
      }
    }
  }
}
