import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EngineRepository } from './engine.repository';
import { answerFromRecord, type IdempotentResult } from './idempotency';

export type { IdempotentResult };

class IdempotentReplay extends Error {}

function isRetryable(e: unknown): boolean {
  const code =
    (e as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (e as { code?: string })?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Transactions of the write path: READ COMMITTED, retried as a whole on deadlock or serialization failure, and
 * — with an Idempotency-Key — safe to retry from the client: the first response is stored in
 * idempotency_record (scoped per caller) in the same transaction as the write; a retry with the same key
 * returns it and writes nothing; the same key with another request is refused (422 IDEMPOTENCY_KEY_REUSED).
 */
@Injectable()
export class IdempotentTransaction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: EngineRepository,
  ) {}

  /** READ COMMITTED (PostgreSQL's default: naming it would cost a SET TRANSACTION round trip per command). */
  async transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.dataSource.transaction(fn);
      } catch (e) {
        if (isRetryable(e) && attempt < 5) {
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
          continue;
        }
        throw e;
      }
    }
  }

  async run<T>(
    opts: { scope: string; key?: string; requestHash: string; statusCode: number },
    write: (m: EntityManager) => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    const { scope, key, requestHash, statusCode } = opts;
    try {
      const body = await this.transaction(async (m) => {
        if (key) {
          // Same-key requests racing each other queue here, before any row lock: the first commits its record,
          // the others then find it and answer with it.
          await this.repo.lockIdempotencyKeys(m, [{ scope, key }]);
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
        if (prior) {
          const answer = answerFromRecord<T>(prior, requestHash);
          if (!answer.ok) throw answer.error;
          return answer.value;
        }
      }
      throw e;
    }
  }
}
