import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CaseViewService } from '../cases/case-view.service';
import { EventGates, type GatedCommand } from '../cases/event-gates';
import { AppException } from '../common/errors/app-exception';
import { MaterialsRepository } from './materials.repository';

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/**
 * Supplying a 容缺 material (SUPPLY_MATERIAL) or completing a 补正 (COMPLETE_CORRECTION) uses the uploaded files:
 * each material named must have a file uploaded for it — to the commitment or its item for a supply, to the item
 * since the correction was requested for a 补正. Checked here, before the command, so the released definitions
 * and their payloads stay as they are; refused with a 422 naming the materials.
 */
@Injectable()
export class SupplyNeedsUpload implements OnModuleInit {
  constructor(
    private readonly gates: EventGates,
    private readonly repo: MaterialsRepository,
    private readonly views: CaseViewService,
  ) {}

  onModuleInit(): void {
    this.gates.add((command) => this.check(command));
  }

  async check({ user, instanceId, type, payload }: GatedCommand): Promise<void> {
    const named =
      type === 'SUPPLY_MATERIAL'
        ? strings(payload.material)
        : type === 'COMPLETE_CORRECTION'
          ? strings(payload.suppliedMaterials)
          : [];
    if (named.length === 0) return; // not ours, or a payload the engine refuses with its own message
    // Who may not act on the case learns nothing about its files.
    await this.views.authorize(user, instanceId, 'case:act');
    const target = await this.repo.supplyTarget(instanceId);
    if (!target) return;
    const since = type === 'COMPLETE_CORRECTION' ? target.correctionRequestedAt : null;
    const uploaded = await this.repo.uploadedCodes(target.instanceIds, since);
    const missing = named.filter((code) => !uploaded.has(code));
    if (missing.length === 0) return;
    const names = missing.map((code) => target.materials.find((m) => m.code === code)?.name ?? code);
    throw new AppException(
      'RULE_VIOLATION',
      type === 'COMPLETE_CORRECTION'
        ? `请先上传补正材料的文件：${names.join('、')}`
        : `请先上传补交材料的文件：${names.join('、')}`,
      { materials: missing },
    );
  }
}
