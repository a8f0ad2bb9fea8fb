import { Module } from '@nestjs/common';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';
import { CasesModule } from '../cases/cases.module';

/** Read-only view of the released workflow definitions. */
@Module({ imports: [CasesModule], controllers: [DefinitionsController], providers: [DefinitionsService] })
export class DefinitionsModule {}
