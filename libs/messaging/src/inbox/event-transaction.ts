import { schemaName } from '@saleswire/database';
import type { DataSource, EntityManager } from 'typeorm';
import { OutboxTransaction } from '../outbox/outbox';

/**
 * The tables an event consumer's handlers write to. A projection that names its tables through the target is
 * written once and applied to the live read model or to a rebuild's fresh one, whichever consumer runs it.
 */
export class EventTarget {
  constructor(
    /** Unquoted schema name, e.g. `reporting` or `reporting_rebuild`. */
    readonly schema: string,
    /** Put before every table name, e.g. `next_` for a rebuild beside the live tables in the same schema. */
    readonly tablePrefix = '',
    /**
     * A replay's first pass: the handlers write only the rows events state (facts) and leave what is summed from
     * them to be computed once, after the replay has caught up, instead of moving the sums event by event. Facts
     * are upserts by their own rules (versions, write-once dates), so an event applied twice writes the same rows:
     * its consumer records no inbox rows (`InboxStore`), which were two fifths of PostgreSQL's work in that pass.
     */
    readonly sumsDeferred = false,
  ) {
    // Both end up inside SQL text: refuse what could close the quoted identifier or start another token.
    if (!schema || schema.includes('"')) throw new Error(`invalid target schema "${schema}"`);
    if (!/^[a-z0-9_]*$/.test(tablePrefix)) throw new Error(`invalid target table prefix "${tablePrefix}"`);
  }

  /** The target of a data source (or a manager of it): its schema, no prefix. */
  static of(source: DataSource | EntityManager): EventTarget {
    return new EventTarget(schemaName(source));
  }

  /** A table of the target, quoted for SQL like `tableOf`: `"reporting".lead_fact`. */
  table(name: string): string {
    return `"${this.schema}".${this.tablePrefix}${name}`;
  }
}

/**
 * What an event handler is given: an outbox transaction (its writes, the inbox record and any event it emits
 * commit together) that also says which tables this consumer's handlers write to.
 */
export class EventTransaction extends OutboxTransaction {
  constructor(
    manager: EntityManager,
    producer: string,
    readonly target: EventTarget,
  ) {
    super(manager, producer);
  }
}
