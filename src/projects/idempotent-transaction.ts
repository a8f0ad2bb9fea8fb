import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CommandService } from '../cases/command.service';
import { EngineRepository } from '../cases/engine.repository';
import { AppException } from '../common/errors/app-exception';

export interface IdempotentResult<T> {
  statusCode: number;
  body: T;
  /** True when this was a retry answered from the idempotency record. */
  replayed: boolean;
}

class IdempotentReplay extends Error {}

/**
 * Any write in one transaction, made safe to retry with an Idempotency-Key: the first response is stored in
 * idempotency_record (scoped per caller) in the same transaction as the write, and a retry with the same key
 * returns it and writes nothing; the same key with another request is refused (422 IDEMPOTENCY_KEY_REUSED).
 * The same protocol as CommandService.execute (advisory lock per key, record written last), for writes that
 * are not one event on an existing instance — creating a project and its case.
 */
@Injectable()
export class IdempotentTransaction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandService,
    private readonly repo: EngineRepository,
  ) {}

  async run<T>(
    opts: { scope: string; key?: string; requestHash: string; statusCode: number },
    write: (m: EntityManager) => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    const { scope, key, requestHash, statusCode } = opts;
    if (key) {
      const prior = await this.repo.findIdempotency(this.dataSource.manager, scope, key);
      if (prior) return this.replayed(prior, requestHash);
    }
    try {
      const body = await this.commands.transaction(async (m) => {
        if (key) {
          await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`idem:${scope}:${key}`]);
          if (await this.repo.findIdempotency(m, scope, key)) throw new IdempotentReplay();
        }
        const response = await write(m);
        if (key) {
          const stored = await this.repo.insertIdempotency(m, { scope, key, requestHash, statusCode, response });
          if (!stored) throw new IdempotentReplay();
        }
        return response;
      });
      return { statusCode, body, replayed: false };
    } catch (e) {
      if (e instanceof IdempotentReplay && key) {
        const prior = await this.repo.findIdempotency(this.dataSource.manager, scope, key);
        if (prior) return this.replayed(prior, requestHash);
      }
      throw e;
    }
  }

  private replayed<T>(
    prior: { requestHash: string; statusCode: number; response: unknown },
    requestHash: string,
  ): IdempotentResult<T> {
    if (prior.requestHash !== requestHash) {
      throw new AppException(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request; use a new key for a new request',
      );
    }
    return { statusCode: prior.statusCode, body: prior.response as T, replayed: true };
  }
}
