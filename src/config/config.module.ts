import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from './app-config';

/**
 * Makes the validated AppConfig injectable everywhere. Global on purpose: the config is loaded once at start and
 * handed to forRoot by the root module, and nearly every layer (auth, storage, signing, timers, metrics) reads it;
 * a non-global module would need that value threaded into every import.
 */
// eslint-disable-next-line no-restricted-syntax -- global on purpose (above)
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
