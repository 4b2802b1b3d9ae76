import { Module } from '@nestjs/common';
import { CustomerRpcController } from './customer.rpc.controller';
import { CustomerService } from './customer.service';

@Module({
  controllers: [CustomerRpcController],
  providers: [CustomerService],
  exports: [CustomerService],
})
export class CustomerModule {}
