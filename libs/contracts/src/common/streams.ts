import { PRODUCER_CONTEXTS, type ProducerContext } from './event-contract';

/** One JetStream stream per producing service, e.g. `LEADS_EVENTS` bound to `evt.leads.>`. */
export function streamOf(producer: ProducerContext): { name: string; subjects: string[] } {
  return { name: `${producer.toUpperCase()}_EVENTS`, subjects: [`evt.${producer}.>`] };
}

/** Durable consumer name, `<consumer>__<stream>`, e.g. `reporting__DEALS_EVENTS`. */
export function durableName(consumer: string, producer: ProducerContext): string {
  return `${consumer}__${streamOf(producer).name}`;
}

/** Where messages that cannot be processed end: `dlq.<consumer>.<original subject>`. */
export const DEAD_LETTER_STREAM = { name: 'DEAD_LETTERS', subjects: ['dlq.>'] } as const;

export const ALL_PRODUCERS: readonly ProducerContext[] = PRODUCER_CONTEXTS;
