import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';

export class ListSuspendedPartnersRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;
}

/** Every suspended partner with the version that suspended it, as of `asOf`. */
export interface SuspendedPartnersV1 {
  partners: Array<{ id: string; version: number }>;
  asOf: string;
}

/**
 * `rpc.partners.list-suspended-partners.v1`: the gateway's snapshot of who is suspended, which it keeps between
 * the `partner.updated` events it hears; few partners are ever suspended at once, so the answer stays small.
 */
export const LIST_SUSPENDED_PARTNERS_V1 = defineRpc('partners', 'list-suspended-partners', 1, ListSuspendedPartnersRequestV1).replies<SuspendedPartnersV1>();
