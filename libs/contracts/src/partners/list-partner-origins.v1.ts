import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';

export class ListPartnerOriginsRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;
}

/** Every partner that lists allowed origins, with them and the version that set them, as of `asOf`. */
export interface PartnerOriginsV1 {
  partners: Array<{ id: string; version: number; allowedOrigins: string[] }>;
  asOf: string;
}

/**
 * `rpc.partners.list-partner-origins.v1`: the gateway's snapshot of the partners' allowed origins (CORS), which
 * it keeps between the `partner.created|updated` events it hears; only partners with a portal list any.
 */
export const LIST_PARTNER_ORIGINS_V1 = defineRpc('partners', 'list-partner-origins', 1, ListPartnerOriginsRequestV1).replies<PartnerOriginsV1>();
