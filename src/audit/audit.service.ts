import { Injectable } from '@nestjs/common';
import type { PersistedSnapshot } from '../../workflows/contract';
import { DefinitionRegistry } from '../cases/definition-registry';
import { Clock } from '../common/clock';
import { AppException } from '../common/errors/app-exception';
import { CaseLabelsService, type EventLabels } from '../labels/case-labels.service';
import { AuditRepository, type HistoryEvent } from './audit.repository';
import { HeadSigner } from './head-signer';
import { replay } from './replay';
import { SignedHeadRepository } from './signed-head.repository';
import { SigningKeys } from './signing-keys';
import { type CaseExport, EXPORT_FORMAT, verifyInstance, type VerifyReport } from './verify';

export interface StateAsOf {
  instanceId: string;
  definitionId: string;
  definitionVersion: number;
  seq: number;
  at: string | null;
  state: string;
  statusLabel: string;
  /** zh-CN label of `state` (statusLabel may add the case's particulars to it). */
  stateLabel: string;
  /** The catalog item an item case is about; null for other cases. */
  itemName: string | null;
  snapshot: PersistedSnapshot;
}

/** What people read of an instance in verify answers: its kind, its item and its state. */
export interface InstanceLabels {
  title: string | null;
  itemName: string | null;
  stateLabel: string | null;
}

/** Auditors' reads: history, state as of any moment (by replay), verification and export. Read-only. */
@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly definitions: DefinitionRegistry,
    private readonly clock: Clock,
    private readonly signedHeads: SignedHeadRepository,
    private readonly signer: HeadSigner,
    private readonly keys: SigningKeys,
    private readonly caseLabels: CaseLabelsService,
  ) {}

  private instanceLabels(instance: { definitionId: string; definitionVersion: number; snapshot: PersistedSnapshot }) {
    const def = this.definitions.find(instance.definitionId, instance.definitionVersion);
    const state = def?.describe(instance.snapshot).state ?? '';
    return {
      title: def?.title ?? null,
      itemName: this.caseLabels.itemName(instance.snapshot),
      stateLabel: this.caseLabels.stateLabel(instance.definitionId, state),
    };
  }

  /** The chain, the replay and the signed heads, against the public keys the service vouches for. */
  private async verifyOne(instance: Parameters<typeof verifyInstance>[1]): Promise<VerifyReport> {
    return verifyInstance(this.definitions.source, instance, await this.repo.events(instance.id), {
      heads: await this.signedHeads.forInstance(instance.id),
      ring: this.keys.ring,
    });
  }

  private async instanceOr404(id: string) {
    const instance = await this.repo.instance(id);
    if (!instance) throw new AppException('NOT_FOUND', `办件不存在 / Case ${id} does not exist`);
    return instance;
  }

  async history(id: string): Promise<{
    instanceId: string;
    definitionId: string;
    itemName: string | null;
    head: { seq: number; hash: string };
    events: (HistoryEvent & EventLabels)[];
  }> {
    const instance = await this.instanceOr404(id);
    return {
      instanceId: id,
      definitionId: instance.definitionId,
      itemName: this.caseLabels.itemName(instance.snapshot),
      head: { seq: instance.seq, hash: instance.headHash },
      events: await this.caseLabels.events(instance.definitionId, await this.repo.events(id)),
    };
  }

  async stateAsOf(id: string, target: { seq?: number; at?: string }): Promise<StateAsOf> {
    const instance = await this.instanceOr404(id);
    let seq = instance.seq;
    if (target.seq !== undefined) {
      if (target.seq < 1 || target.seq > instance.seq) {
        throw new AppException(
          'VALIDATION_FAILED',
          `序号必须在 1 到 ${instance.seq} 之间 / seq must be between 1 and ${instance.seq}`,
          [{ field: 'seq' }],
        );
      }
      seq = target.seq;
    } else if (target.at !== undefined) {
      seq = await this.repo.seqAt(id, target.at);
      if (seq === 0)
        throw new AppException('NOT_FOUND', `该时间办件尚未创建 / Case ${id} did not exist yet at ${target.at}`);
    }
    const from = await this.repo.checkpoint(id, seq);
    const events = await this.repo.events(id, { fromSeq: from?.seq ?? 0, uptoSeq: seq });
    const result = replay(this.definitions.source, instance.definitionId, events, { from, uptoSeq: seq });
    if (!result.ok)
      throw new AppException(
        'CONFLICT',
        `办件历史无法重放到第 ${result.seq} 个事件 / History of ${id} cannot be replayed at event ${result.seq}: ${result.reason}`,
      );
    const summary = this.definitions.get(instance.definitionId, result.definitionVersion).describe(result.snapshot);
    return {
      instanceId: id,
      definitionId: instance.definitionId,
      definitionVersion: result.definitionVersion,
      seq: result.seq,
      at: target.at ?? null,
      state: summary.state,
      statusLabel: summary.statusLabel,
      stateLabel: this.caseLabels.stateLabel(instance.definitionId, summary.state) ?? summary.statusLabel,
      itemName: this.caseLabels.itemName(result.snapshot),
      snapshot: result.snapshot,
    };
  }

  async verify(id: string): Promise<VerifyReport & InstanceLabels> {
    const instance = await this.instanceOr404(id);
    return { ...(await this.verifyOne(instance)), ...this.instanceLabels(instance) };
  }

  /** Verifies a case and every instance below it (items, commitments, sections). */
  async verifyTree(
    id: string,
  ): Promise<{ ok: boolean; instances: (VerifyReport & InstanceLabels & { id: string; definitionId: string })[] }> {
    await this.instanceOr404(id);
    const ids = await this.repo.descendants(id);
    const instances = [];
    for (const childId of ids) {
      const inst = await this.repo.instance(childId);
      if (!inst) continue;
      instances.push({
        id: childId,
        definitionId: inst.definitionId,
        ...this.instanceLabels(inst),
        ...(await this.verifyOne(inst)),
      });
    }
    return { ok: instances.every((i) => i.ok), instances };
  }

  async export(id: string): Promise<CaseExport> {
    await this.instanceOr404(id);
    const ids = await this.repo.descendants(id);
    const instances: CaseExport['instances'] = [];
    for (const childId of ids) {
      const exported = await this.exportInstance(childId);
      if (exported) instances.push(exported);
    }
    return {
      format: EXPORT_FORMAT,
      formatVersion: 2,
      exportedAt: this.clock.now().toISOString(),
      rootInstanceId: id,
      instances,
    };
  }

  /**
   * One instance as exported, its head signed now if the periodic signer has not yet. A command landing between
   * the signing and the reads moves the head past the signed one: then sign and read again.
   */
  private async exportInstance(id: string): Promise<CaseExport['instances'][number] | null> {
    for (let attempt = 1; ; attempt++) {
      await this.signer.signNow(id, 'export');
      const inst = await this.repo.instance(id);
      if (!inst) return null;
      const signedHeads = (await this.signedHeads.forInstance(id)).filter((h) => h.seq <= inst.seq);
      if (inst.seq > 0 && signedHeads.at(-1)?.seq !== inst.seq && attempt < 3) continue;
      // Everything the chain covers plus the recorded state; not the server-side bookkeeping.
      const events = (await this.repo.events(id, { uptoSeq: inst.seq })).map(
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        ({ recordedAt, idempotencyKey, ...chained }) => chained,
      );
      return {
        id: inst.id,
        definitionId: inst.definitionId,
        definitionVersion: inst.definitionVersion,
        parentId: inst.parentId,
        childKey: inst.childKey,
        seq: inst.seq,
        headHash: inst.headHash,
        snapshot: inst.snapshot,
        events,
        signedHeads,
      };
    }
  }
}
