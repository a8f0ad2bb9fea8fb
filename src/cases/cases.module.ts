import { Global, Module } from '@nestjs/common';
import { AccessPolicy } from '../auth/access-policy';
import { CaseViewService } from './case-view.service';
import { CasesController } from './cases.controller';
import { CommandService } from './command.service';
import { DefinitionRegistry } from './definition-registry';
import { EngineRepository } from './engine.repository';

/** The durable engine: the one command service, the instance read model and the definition registry. */
@Global()
@Module({
  controllers: [CasesController],
  providers: [CommandService, EngineRepository, DefinitionRegistry, CaseViewService, AccessPolicy],
  exports: [CommandService, DefinitionRegistry, CaseViewService, EngineRepository, AccessPolicy],
})
export class CasesModule {}
