import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { CasesModule } from '../cases/cases.module';
import { HeadLogController } from './head-log.controller';
import { HeadSigner } from './head-signer';
import { SignedHeadRepository } from './signed-head.repository';
import { SigningKeys } from './signing-keys';
import { LabelsModule } from '../labels/labels.module';
import { ClockModule } from '../common/clock.module';

@Module({
  imports: [CasesModule, ClockModule, LabelsModule],
  controllers: [AuditController, HeadLogController],
  providers: [
    AuditService,
    AuditRepository,
    SignedHeadRepository,
    HeadSigner,
    {
      provide: SigningKeys,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        SigningKeys.load({
          secret: config.SIGNING_KEY,
          file: config.signingKeyFile,
          retiredDir: config.signingRetiredKeysDir,
          createIfMissing: config.NODE_ENV !== 'production' || config.SIGNING_KEY_CREATE,
        }),
    },
  ],
  exports: [AuditService],
})
export class AuditModule {}
