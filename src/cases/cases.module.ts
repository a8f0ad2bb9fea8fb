import { Global, Module } from '@nestjs/common';
import { CaseViewService } from './case-view.service';
import { CasesController } from './cases.controller';
import { CommandService } from './command.service';
import { DefinitionRegistry } from './definition-registry';
import { EngineRepository } from './engine.repository';
import { IdempotentTransaction } from './idempotent-transaction';

/** The durable engine: the one command service, the instance read model and the definition registry. */
@Global()
@Module({
  controllers: [CasesController],
  providers: [CommandService, EngineRepository, IdempotentTransaction, DefinitionRegistry, CaseViewService],
  exports: [CommandService, DefinitionRegistry, CaseViewService, EngineRepository, IdempotentTransaction],
})
export class CasesModule {}
