import { Payload } from '@nestjs/microservices';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { CONVERT_LEAD_V1, type ConvertLeadRequestV1, type LeadConversionV1 } from '@saleswire/contracts';
import { ConversionService } from './conversion.service';

@RpcController()
export class ConversionRpcController {
  constructor(private readonly conversion: ConversionService) {}

  @RpcHandler(CONVERT_LEAD_V1)
  convert(@Payload(new ContractPipe(CONVERT_LEAD_V1)) request: ConvertLeadRequestV1): Promise<LeadConversionV1> {
    return this.conversion.convert(request.leadId, request.input, request.actor);
  }
}
