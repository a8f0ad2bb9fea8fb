import { Module } from '@nestjs/common';
import { CreditController } from './credit.controller';
import { CreditRepository } from './credit.repository';
import { CreditService } from './credit.service';

/** Credit (信用): the view per enterprise and the audited repair. */
@Module({
  controllers: [CreditController],
  providers: [CreditService, CreditRepository],
  exports: [CreditRepository],
})
export class CreditModule {}
