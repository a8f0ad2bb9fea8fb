import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { LabelsController } from './labels.controller';
import { CaseLabelsService } from './case-labels.service';
import { LabelsService } from './labels.service';
import { NamesRepository } from './names.repository';

/**
 * GET /api/labels, and the labels other modules put into their answers (history, as-of, verify). Not global: the
 * audit and project modules import it.
 */
@Module({
  imports: [CasesModule],
  controllers: [LabelsController],
  providers: [LabelsService, NamesRepository, CaseLabelsService],
  exports: [LabelsService, CaseLabelsService, NamesRepository],
})
export class LabelsModule {}
