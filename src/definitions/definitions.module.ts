import { Module } from '@nestjs/common';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';

/** Read-only view of the released workflow definitions. */
@Module({ controllers: [DefinitionsController], providers: [DefinitionsService] })
export class DefinitionsModule {}
