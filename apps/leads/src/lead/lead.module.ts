import { Module, type DynamicModule } from '@nestjs/common';
import { AssignmentModule } from '../assignment/assignment.module';
import { LEADS_SETTINGS, type LeadsSettings } from '../config';
import { ConversionRpcController } from '../conversion/conversion.rpc.controller';
import { ConversionService } from '../conversion/conversion.service';
import { DuplicateModule } from '../duplicate/duplicate.module';
import { LeadImportProcessor } from '../lead-import/lead-import.processor';
import { LeadImportRpcController } from '../lead-import/lead-import.rpc.controller';
import { LeadImportService } from '../lead-import/lead-import.service';
import { LeadImportWorker } from '../lead-import/lead-import.worker';
import { LeadCreation } from './lead-creation';
import { LeadHistory } from './lead.history';
import { LeadQueryService } from './lead-query.service';
import { LeadRpcController } from './lead.rpc.controller';
import { LeadService } from './lead.service';
import { LeadWorkflowService } from './lead-workflow.service';

@Module({})
export class LeadModule {
  static forRoot(settings: LeadsSettings): DynamicModule {
    return {
      module: LeadModule,
      imports: [AssignmentModule, DuplicateModule],
      controllers: [LeadRpcController, ConversionRpcController, LeadImportRpcController],
      providers: [
        { provide: LEADS_SETTINGS, useValue: settings },
        LeadService,
        LeadCreation,
        LeadQueryService,
        LeadWorkflowService,
        LeadHistory,
        ConversionService,
        LeadImportService,
        LeadImportProcessor,
        LeadImportWorker,
      ],
    };
  }
}
