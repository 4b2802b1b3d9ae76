import { Module } from '@nestjs/common';
import { AssignmentLedger } from './assignment.ledger';
import { AssignmentRpcController } from './assignment.rpc.controller';
import { AssignmentService } from './assignment.service';

@Module({
  controllers: [AssignmentRpcController],
  providers: [AssignmentService, AssignmentLedger],
  exports: [AssignmentService, AssignmentLedger],
})
export class AssignmentModule {}
