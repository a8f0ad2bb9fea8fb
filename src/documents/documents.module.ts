import { CasesModule } from '../cases/cases.module';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';
import { CertificatesController } from './certificates.controller';
import { CertificatesRepository } from './certificates.repository';
import { CertificatesService } from './certificates.service';
import { NoticesController } from './notices.controller';
import { NoticesRepository } from './notices.repository';
import { NoticesService } from './notices.service';
import { MaterialsController } from './materials.controller';
import { MaterialsRepository } from './materials.repository';
import { MaterialsService } from './materials.service';
import { S3BlobStore } from './s3-blob-store';
import { SupplyNeedsUpload } from './supply-needs-upload';
import { NoVirusScanner, VirusScanner } from './virus-scanner';
import { ClockModule } from '../common/clock.module';
import { AuthModule } from '../auth/auth.module';

/**
 * Documents: uploaded materials (files in a blob store, recorded in the item's history) and the certificate
 * registry (numbers, public verification).
 */
@Module({
  imports: [CasesModule, AuthModule, ClockModule],
  controllers: [MaterialsController, CertificatesController, NoticesController],
  providers: [
    {
      provide: BlobStore,
      inject: [AppConfig],
      useFactory: (config: AppConfig): BlobStore =>
        config.BLOB_STORE === 's3' && config.S3_BUCKET
          ? new S3BlobStore(config, config.S3_BUCKET)
          : new LocalBlobStore(config.blobDir),
    },
    { provide: VirusScanner, useClass: NoVirusScanner },
    MaterialsRepository,
    MaterialsService,
    CertificatesRepository,
    CertificatesService,
    NoticesRepository,
    NoticesService,
    SupplyNeedsUpload,
  ],
  exports: [BlobStore],
})
export class DocumentsModule {}
