import { Payload } from '@nestjs/microservices';
import {
  CREATE_PARTNER_V1,
  type CreatePartnerRequestV1,
  GET_PARTNER_V1,
  type GetByIdRequestV1,
  LIST_PARTNERS_V1,
  LIST_PARTNER_ORIGINS_V1,
  LIST_SUSPENDED_PARTNERS_V1,
  type ListPartnersRequestV1,
  type Page,
  type PartnerOriginsV1,
  type PartnerStatusChangeRequestV1,
  type PartnerViewV1,
  REACTIVATE_PARTNER_V1,
  SUSPEND_PARTNER_V1,
  type SuspendedPartnersV1,
  UPDATE_PARTNER_V1,
  type UpdatePartnerRequestV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { PartnerCreateService } from './partner-create.service';
import { PartnerQueryService } from './partner-query.service';
import { PartnerStatusService } from './partner-status.service';
import { PartnerUpdateService } from './partner-update.service';

@RpcController()
export class PartnerRpcController {
  constructor(
    private readonly creation: PartnerCreateService,
    private readonly updates: PartnerUpdateService,
    private readonly statuses: PartnerStatusService,
    private readonly queries: PartnerQueryService,
  ) {}

  @RpcHandler(CREATE_PARTNER_V1)
  create(@Payload(new ContractPipe(CREATE_PARTNER_V1)) request: CreatePartnerRequestV1): Promise<PartnerViewV1> {
    return this.creation.create(request.input, request.actor);
  }

  @RpcHandler(LIST_PARTNERS_V1)
  list(@Payload(new ContractPipe(LIST_PARTNERS_V1)) request: ListPartnersRequestV1): Promise<Page<PartnerViewV1>> {
    return this.queries.list(request.query, request.actor);
  }

  @RpcHandler(GET_PARTNER_V1)
  get(@Payload(new ContractPipe(GET_PARTNER_V1)) request: GetByIdRequestV1): Promise<PartnerViewV1> {
    return this.queries.get(request.id, request.actor);
  }

  @RpcHandler(UPDATE_PARTNER_V1)
  update(@Payload(new ContractPipe(UPDATE_PARTNER_V1)) request: UpdatePartnerRequestV1): Promise<PartnerViewV1> {
    return this.updates.update(request.id, request.expectedVersion, request.input, request.actor);
  }

  @RpcHandler(SUSPEND_PARTNER_V1)
  suspend(@Payload(new ContractPipe(SUSPEND_PARTNER_V1)) request: PartnerStatusChangeRequestV1): Promise<PartnerViewV1> {
    return this.statuses.suspend(request.id, request.input, request.actor);
  }

  @RpcHandler(REACTIVATE_PARTNER_V1)
  reactivate(@Payload(new ContractPipe(REACTIVATE_PARTNER_V1)) request: PartnerStatusChangeRequestV1): Promise<PartnerViewV1> {
    return this.statuses.reactivate(request.id, request.input, request.actor);
  }

  @RpcHandler(LIST_SUSPENDED_PARTNERS_V1)
  suspended(@Payload(new ContractPipe(LIST_SUSPENDED_PARTNERS_V1)) _request: unknown): Promise<SuspendedPartnersV1> {
    return this.queries.suspended();
  }

  @RpcHandler(LIST_PARTNER_ORIGINS_V1)
  origins(@Payload(new ContractPipe(LIST_PARTNER_ORIGINS_V1)) _request: unknown): Promise<PartnerOriginsV1> {
    return this.queries.origins();
  }
}
