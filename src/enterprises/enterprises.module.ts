import { Module } from '@nestjs/common';
import { EnterprisesController } from './enterprises.controller';
import { EnterprisesRepository } from './enterprises.repository';

/** The applicant enterprises (建设单位), looked up by name. */
@Module({ controllers: [EnterprisesController], providers: [EnterprisesRepository] })
export class EnterprisesModule {}
