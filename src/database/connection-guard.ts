import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/**
 * A pg client whose connection dies while checked out (server restart, pg_terminate_backend, network cut)
 * emits 'error'; with no listener that is an uncaught exception that kills the process and every request in
 * flight. Every client gets a listener: the failure then surfaces as a query error (503) and the pool drops
 * the broken client.
 */
@Injectable()
export class ConnectionGuard implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) return;
    const guard = (client: PoolClient) => {
      if ((client as PoolClient & { __guarded?: boolean }).__guarded) return;
      (client as PoolClient & { __guarded?: boolean }).__guarded = true;
      client.on('error', (err) => this.logger.warn(`database connection lost: ${err.message}`));
    };
    pool.on('connect', guard);
    for (const client of (pool as unknown as { _clients?: PoolClient[] })._clients ?? []) guard(client);
  }
}
