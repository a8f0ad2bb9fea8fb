import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { AppException } from '../common/errors/app-exception';
import { creditView } from './credit-view';
import { CreditRepository } from './credit.repository';
import type { RepairCreditDto } from './credit.dto';

/** 信用: an enterprise's credit view, and the repair an admin records. */
@Injectable()
export class CreditService {
  private readonly logger = new Logger(CreditService.name);

  constructor(
    private readonly repo: CreditRepository,
    private readonly clock: Clock,
  ) {}

  async view(enterpriseId: string) {
    const enterprise = await this.repo.enterprise(enterpriseId);
    if (!enterprise) throw new AppException('NOT_FOUND', '未找到该企业');
    return creditView(enterprise, await this.repo.listFor(enterpriseId), this.clock.now());
  }

  /** Records the repair once: a second one is a 409, the first stands. */
  async repair(recordId: string, dto: RepairCreditDto, user: AuthUser) {
    if (!/^\d{1,18}$/.test(recordId)) throw new AppException('NOT_FOUND', '未找到该信用记录');
    const record = await this.repo.find(recordId);
    if (!record) throw new AppException('NOT_FOUND', '未找到该信用记录');
    const repaired = await this.repo.repair(recordId, {
      at: this.clock.now(),
      by: user.username,
      reason: dto.reason.trim(),
      evidence: dto.evidence.trim(),
    });
    if (!repaired) throw new AppException('CONFLICT', '该信用记录已修复');
    this.logger.log(`credit record ${recordId} of ${record.enterpriseId} repaired by ${user.username}`);
    return this.view(record.enterpriseId);
  }
}
