import { Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';

/** The one clock (demo mode moves it). Not global: a module that reads the time imports this one. */
@Module({
  providers: [SystemClock, { provide: Clock, useExisting: SystemClock }],
  exports: [Clock, SystemClock],
})
export class ClockModule {}
