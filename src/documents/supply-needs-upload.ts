import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CaseViewService } from '../cases/case-view.service';
import { EventGates, type GatedCommand, type OfferNarrowing } from '../cases/event-gates';
import { AppException } from '../common/errors/app-exception';
import type { EventSpec, JsonSchema } from '../../workflows/contract';
import { choicesOf, narrowProperty } from '../../workflows/core/json-schema';
import { MaterialsRepository, type ItemMaterial, type Upload } from './materials.repository';

/** What the rule reads of a case: its materials, the files that count for it, a pending correction's request. */
export interface SupplyTarget {
  materials: ItemMaterial[];
  correctionRequestedAt: string | null;
  uploads: Upload[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isMaterial = (v: unknown): v is ItemMaterial =>
  isRecord(v) && typeof v.code === 'string' && typeof v.name === 'string';

/** The rule's view of a case's context (an item's or a 容缺 commitment's: both carry the item). */
function targetOf(context: Record<string, unknown>, uploads: Upload[]): SupplyTarget {
  const item = context.item;
  const correction = context.correction;
  return {
    materials:
      isRecord(item) && Array.isArray(item.materials)
        ? item.materials.filter(isMaterial).map((m) => ({ code: m.code, name: m.name }))
        : [],
    correctionRequestedAt:
      isRecord(correction) && typeof correction.requestedAt === 'string' ? correction.requestedAt : null,
    uploads,
  };
}

const SUPPLY = 'SUPPLY_MATERIAL';
const CORRECTION = 'COMPLETE_CORRECTION';
/** The payload property that names the materials, per event type. */
const PROPERTY: Record<string, string> = { [SUPPLY]: 'material', [CORRECTION]: 'suppliedMaterials' };

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/**
 * The rule, in one place for the gate and the offer: of `codes`, the materials without the file `type` needs —
 * one uploaded to the case or its item, for a 补正 since the correction was requested.
 */
export function lackingFiles(type: string, codes: string[], target: SupplyTarget): string[] {
  const since = type === CORRECTION && target.correctionRequestedAt ? Date.parse(target.correctionRequestedAt) : null;
  const uploaded = new Set(
    target.uploads.filter((u) => since === null || Date.parse(u.at) >= since).map((u) => u.code),
  );
  return codes.filter((code) => !uploaded.has(code));
}

/** What people read when files are missing. */
function lackingMessage(type: string, lacking: string[], target: SupplyTarget): string {
  const names = lacking.map((code) => target.materials.find((m) => m.code === code)?.name ?? code);
  return `${type === CORRECTION ? '请先上传补正材料的文件' : '请先上传补交材料的文件'}：${names.join('、')}`;
}

/** The material codes an offered schema lets through (its enumeration, or its array's). */
function offeredCodes(schema: JsonSchema, property: string): string[] {
  const properties = schema.properties;
  const field: unknown = isRecord(properties) ? properties[property] : undefined;
  if (!isRecord(field)) return [];
  const items: unknown = field.type === 'array' ? field.items : field;
  const choices = (isRecord(items) && choicesOf(items)) || [];
  return choices.map((c) => c.value).filter((v): v is string => typeof v === 'string');
}

/**
 * One offered event narrowed by the rule: a supply offers only the materials with a file; a 补正 (which must
 * name every requested material) is offered only when each has one. With nothing to send it stays listed,
 * disabled with the reason, so people learn what to upload.
 */
export function narrowOffer(event: EventSpec, target: SupplyTarget): EventSpec {
  const property = PROPERTY[event.type];
  if (!property || event.disabledReason) return event;
  const codes = offeredCodes(event.payloadSchema, property);
  const lacking = lackingFiles(event.type, codes, target);
  if (lacking.length === 0) return event;
  const ready = codes.filter((c) => !lacking.includes(c));
  if (event.type === SUPPLY && ready.length > 0) {
    return { ...event, payloadSchema: narrowProperty(event.payloadSchema, property, ready) };
  }
  return { ...event, disabledReason: lackingMessage(event.type, lacking, target) };
}

/**
 * Supplying a 容缺 material (SUPPLY_MATERIAL) or completing a 补正 (COMPLETE_CORRECTION) uses the uploaded files:
 * each material named must have a file uploaded for it (lackingFiles). Checked here, before the command, so the
 * released definitions and their payloads stay as they are; refused with a 422 naming the materials, and the
 * offers narrowed by the same rule.
 */
@Injectable()
export class SupplyNeedsUpload implements OnModuleInit {
  constructor(
    private readonly gates: EventGates,
    private readonly repo: MaterialsRepository,
    private readonly views: CaseViewService,
  ) {}

  onModuleInit(): void {
    this.gates.add((command) => this.check(command), {
      types: new Set(Object.keys(PROPERTY)),
      load: (ids) => this.narrowing(ids),
    });
  }

  async check({ user, instanceId, type, payload }: GatedCommand): Promise<void> {
    const property = PROPERTY[type];
    const named = property ? strings(payload[property]) : [];
    if (named.length === 0) return; // not ours, or a payload the engine refuses with its own message
    // Who may not act on the case learns nothing about its files.
    await this.views.authorize(user, instanceId, 'case:act');
    const [context, uploads] = await Promise.all([this.repo.contextOf(instanceId), this.repo.uploadsFor([instanceId])]);
    if (!context) return;
    const target = targetOf(context, uploads.get(instanceId) ?? []);
    const lacking = lackingFiles(type, named, target);
    if (lacking.length === 0) return;
    throw new AppException('RULE_VIOLATION', lackingMessage(type, lacking, target), { materials: lacking });
  }

  private async narrowing(instanceIds: string[]): Promise<OfferNarrowing> {
    const uploads = await this.repo.uploadsFor(instanceIds);
    return (instanceId, context, events) => {
      const target = targetOf(context, uploads.get(instanceId) ?? []);
      return events.map((e) => narrowOffer(e, target));
    };
  }
}
