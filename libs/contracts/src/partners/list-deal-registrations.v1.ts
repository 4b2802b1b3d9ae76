import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import { DEAL_REGISTRATION_STATUSES, type DealRegistrationStatus } from './deal-registration.values';
import type { DealRegistrationViewV1 } from './deal-registration.views';

/** `GET /api/v1/deal-registrations?partnerId=&status=&conflict=&limit=&cursor=`. */
export class ListDealRegistrationsQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsUUID()
  partnerId?: string;

  @IsOptional()
  @IsIn(DEAL_REGISTRATION_STATUSES)
  status?: DealRegistrationStatus;

  /** `true` lists only registrations that collide with another channel, `false` only the others. */
  @IsOptional()
  @IsIn(['true', 'false'])
  conflict?: 'true' | 'false';
}

export class ListDealRegistrationsRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ListDealRegistrationsQueryV1)
  query!: ListDealRegistrationsQueryV1;
}

export const LIST_DEAL_REGISTRATIONS_V1 = defineRpc('partners', 'list-deal-registrations', 1, ListDealRegistrationsRequestV1).replies<
  Page<DealRegistrationViewV1>
>();
