import { Module } from '@nestjs/common';
import { CreditController } from './credit.controller';
import { CreditRepository } from './credit.repository';
import { CreditService } from './credit.service';
import { ClockModule } from '../common/clock.module';
import { AuthModule } from '../auth/auth.module';

/** Credit (信用): the view per enterprise and the audited repair. */
@Module({
  imports: [AuthModule, ClockModule],
  controllers: [CreditController],
  providers: [CreditService, CreditRepository],
  exports: [CreditRepository],
})
export class CreditModule {}
