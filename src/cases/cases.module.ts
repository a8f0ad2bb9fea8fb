import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { MetricsModule } from '../metrics/metrics.module';
import { CaseViewService } from './case-view.service';
import { BatchWriter } from './batch-writer';
import { CasesController } from './cases.controller';
import { CommandService } from './command.service';
import { DefinitionRegistry } from './definition-registry';
import { EffectRunner } from './effect-runner';
import { EngineRepository } from './engine.repository';
import { EventGates } from './event-gates';
import { CommitmentDecisionGate } from './commitment-decision-gate';
import { EarlyFulfilmentGate } from './early-fulfilment-gate';
import { CommitmentItemRepository } from './commitment-item.repository';
import { IdempotentTransaction } from './idempotent-transaction';
import { StepPlanner } from './step-planner';
import { ClockModule } from '../common/clock.module';
import { AuthModule } from '../auth/auth.module';

/**
 * The durable engine: the one command service, the instance read model and the definition registry. Not global:
 * a module that uses the engine imports this one.
 */
@Module({
  imports: [CalendarModule, MetricsModule, AuthModule, ClockModule],
  controllers: [CasesController],
  providers: [
    CommandService,
    BatchWriter,
    StepPlanner,
    EffectRunner,
    EngineRepository,
    IdempotentTransaction,
    DefinitionRegistry,
    CaseViewService,
    EventGates,
    CommitmentItemRepository,
    EarlyFulfilmentGate,
    CommitmentDecisionGate,
  ],
  exports: [CommandService, DefinitionRegistry, CaseViewService, EngineRepository, IdempotentTransaction, EventGates],
})
export class CasesModule {}
