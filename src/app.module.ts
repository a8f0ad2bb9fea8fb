import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import type { Logging } from './common/logger';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { ConnectionGuard } from './database/connection-guard';
import { typeormOptions } from './database/typeorm-options';
import { HealthModule } from './health/health.module';
import { LabelsModule } from './labels/labels.module';
import { AuditModule } from './audit/audit.module';
import { CalendarModule } from './calendar/calendar.module';
import { CatalogModule } from './catalog/catalog.module';
import { EnterprisesModule } from './enterprises/enterprises.module';
import { CreditModule } from './credit/credit.module';
import { CasesModule } from './cases/cases.module';
import { ClockModule } from './common/clock.module';
import { DefinitionsModule } from './definitions/definitions.module';
import { DocumentsModule } from './documents/documents.module';
import { ProjectsModule } from './projects/projects.module';
import { SeedModule } from './seed/seed.module';
import { TasksModule } from './tasks/tasks.module';
import { ReportsModule } from './reports/reports.module';
import { MetricsModule } from './metrics/metrics.module';
import { TimersModule } from './timers/timers.module';
import { WebModule } from './web/web.module';
import { ZoneModule } from './zone/zone.module';
import { NotificationsModule } from './notifications/notifications.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  logging: Logging;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logging }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(logging.moduleParams),
        TypeOrmModule.forRoot({
          ...typeormOptions(databaseUrl, {
            poolSize: config.DATABASE_POOL_SIZE,
            statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
          }),
          retryAttempts: 2,
          retryDelay: 500,
        }),
        HealthModule,
        ClockModule,
        CalendarModule,
        CasesModule,
        AuditModule,
        MetricsModule,
        TimersModule.forRoot(config.demoMode),
        AuthModule,
        ProjectsModule,
        CreditModule,
        TasksModule,
        ReportsModule,
        ZoneModule,
        NotificationsModule,
        DefinitionsModule,
        LabelsModule,
        CatalogModule,
        EnterprisesModule,
        DocumentsModule,
        SeedModule,
        WebModule,
      ],
      providers: [ConnectionGuard],
    };
  }
}
