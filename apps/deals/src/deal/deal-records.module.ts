import { Module } from '@nestjs/common';
import { PipelineModule } from '../pipeline/pipeline.module';
import { DealHistory } from './deal.history';
import { DealOpener } from './deal.opener';
import { DealStore } from './deal.store';

/**
 * The deal's records and the way a deal opens: what the deal use cases stand on, and all that the features which
 * open deals (intake, repeat sales) need. Apart from DealModule so that those features can provide what the deal
 * use cases call back (the purchase listener) without a cycle of modules.
 */
@Module({
  imports: [PipelineModule],
  providers: [DealStore, DealHistory, DealOpener],
  exports: [DealStore, DealHistory, DealOpener],
})
export class DealRecordsModule {}
