import { Module } from '@nestjs/common';
import { EnterprisesController } from './enterprises.controller';
import { EnterprisesRepository } from './enterprises.repository';
import { AuthModule } from '../auth/auth.module';

/** GET /api/enterprises: the enterprise picker of the filing form. */
@Module({ imports: [AuthModule], controllers: [EnterprisesController], providers: [EnterprisesRepository] })
export class EnterprisesModule {}
