import { Type } from 'class-transformer';
import { IsIn, IsISO4217CurrencyCode, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1 } from '../common/list';
import { COMMISSION_STATUSES, type CommissionStatus } from './commission.values';
import type { CommissionPageV1 } from './commission.views';

/** `GET /api/v1/commissions?partnerId=&status=&currency=&dealId=&limit=&cursor=` (and `/partners/{id}/commissions`). */
export class ListCommissionsQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @IsOptional()
  @IsIn(COMMISSION_STATUSES)
  status?: CommissionStatus;

  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;

  @IsOptional()
  @IsUUID()
  dealId?: string;
}

export class ListCommissionsRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  /** Set for `/partners/{id}/commissions`: that partner's commissions, 404 when the caller cannot see the partner. */
  @IsOptional()
  @IsUUID()
  ofPartner?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ListCommissionsQueryV1)
  query!: ListCommissionsQueryV1;
}

export const LIST_COMMISSIONS_V1 = defineRpc('partners', 'list-commissions', 1, ListCommissionsRequestV1).replies<CommissionPageV1>();
