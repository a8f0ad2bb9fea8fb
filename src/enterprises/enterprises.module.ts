import { Module } from '@nestjs/common';
import { EnterprisesController } from './enterprises.controller';
import { EnterprisesRepository } from './enterprises.repository';

/** GET /api/enterprises: the enterprise picker of the filing form. */
@Module({ controllers: [EnterprisesController], providers: [EnterprisesRepository] })
export class EnterprisesModule {}
