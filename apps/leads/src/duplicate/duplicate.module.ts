import { Module } from '@nestjs/common';
import { CustomerIndexEventsController } from './customer-index.events.controller';
import { CustomerIndexService } from './customer-index.service';
import { DuplicateFinder } from './duplicate.finder';

@Module({
  controllers: [CustomerIndexEventsController],
  providers: [CustomerIndexService, DuplicateFinder],
  exports: [DuplicateFinder],
})
export class DuplicateModule {}
