import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MATERIAL_UPLOADED } from '../../workflows/contract';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { CaseViewService } from '../cases/case-view.service';
import { CommandService } from '../cases/command.service';
import { EngineRepository } from '../cases/engine.repository';
import { Clock } from '../common/clock';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { BlobStore } from './blob-store';
import { detectFileKind, FILE_KINDS, isPlainFileName } from './file-kind';
import type { MaterialFileEntity } from './material-file.entity';
import { MaterialsRepository } from './materials.repository';
import { uploadRefusal } from './upload-rule';
import { VirusScanner } from './virus-scanner';

/** A file as the API shows it. */
export interface MaterialFileView {
  id: string;
  materialCode: string;
  materialName: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  eventSeq: number;
  uploadedAt: string;
}

export interface UploadInput {
  materialCode: string | undefined;
  fileName: string | undefined;
  content: Buffer | undefined;
}

/**
 * Materials as files: checked (kind by content, size, name, scanner), stored in the blob store, and recorded in
 * the item's history as a MATERIAL_UPLOADED event carrying the content's SHA-256, in the same transaction as
 * the file's row. A refused file leaves nothing behind; a blob whose transaction fails is removed.
 */
@Injectable()
export class MaterialsService {
  constructor(
    private readonly config: AppConfig,
    private readonly blobs: BlobStore,
    private readonly scanner: VirusScanner,
    private readonly repo: MaterialsRepository,
    private readonly views: CaseViewService,
    private readonly access: AccessPolicy,
    private readonly commands: CommandService,
    private readonly engine: EngineRepository,
    private readonly clock: Clock,
  ) {}

  async upload(user: AuthUser, instanceId: string, input: UploadInput): Promise<MaterialFileView> {
    const project = await this.views.authorize(user, instanceId, 'material:upload');
    const target = await this.repo.target(instanceId);
    const refusal = uploadRefusal({ isItem: target !== null, done: target?.done ?? false });
    if (refusal !== null) throw new AppException('RULE_VIOLATION', refusal);
    if (!target) throw new AppException('RULE_VIOLATION', uploadRefusal({ isItem: false, done: false }) ?? '');
    const material = target.materials.find((m) => m.code === input.materialCode);
    if (!input.materialCode) throw new AppException('VALIDATION_FAILED', '请选择材料（materialCode）');
    if (!material) {
      throw new AppException('VALIDATION_FAILED', `“${target.itemName}”没有这项材料`, {
        materialCode: input.materialCode,
      });
    }
    const { content, fileName } = input;
    if (!content || fileName === undefined) throw new AppException('VALIDATION_FAILED', '请选择要上传的文件（file）');
    if (!isPlainFileName(fileName)) {
      throw new AppException('VALIDATION_FAILED', '文件名不能含路径字符（/ \\ : ..）或控制字符，且不超过 255 个字符');
    }
    if (content.length === 0) throw new AppException('VALIDATION_FAILED', '文件是空的');
    if (content.length > this.config.MATERIAL_MAX_BYTES) throw this.tooLarge();
    const kind = await detectFileKind(content);
    if (!kind) {
      throw new AppException(
        'UNSUPPORTED_MEDIA_TYPE',
        '只接受 PDF、JPEG、PNG 或 OFD 文件（按文件内容判断，与扩展名无关）',
      );
    }
    const scan = await this.scanner.scan(content, fileName);
    if (!scan.clean) throw new AppException('RULE_VIOLATION', '文件未通过病毒扫描，未保存', { finding: scan.finding });

    const mediaType = FILE_KINDS[kind];
    const sha256 = createHash('sha256').update(content).digest('hex');
    const fileId = randomUUID();
    await this.blobs.put(fileId, content, mediaType);
    try {
      const saved = await this.commands.transaction(async (m) => {
        const row = await this.engine.lock(m, instanceId);
        if (!row) throw new AppException('NOT_FOUND', `办件不存在 / Case ${instanceId} does not exist`);
        // Finished meanwhile: the same rule, on the locked row.
        const late = uploadRefusal({ isItem: true, done: row.status === 'done' });
        if (late !== null) throw new AppException('RULE_VIOLATION', late);
        const at = this.clock.now();
        const payload = { fileId, materialCode: material.code, fileName, size: content.length, mediaType, sha256 };
        const applied = await this.commands.record(m, row, {
          type: MATERIAL_UPLOADED,
          payload,
          actor: this.access.actorFor(user, project),
          occurredAt: at.toISOString(),
        });
        const file = {
          id: fileId,
          instanceId,
          projectId: row.projectId,
          materialCode: material.code,
          fileName,
          mediaType,
          size: content.length,
          sha256,
          eventSeq: applied.seq,
          uploadedBy: user.id,
          createdAt: at,
        };
        await this.repo.insert(m, file);
        return file;
      });
      return this.view(saved, target.materials);
    } catch (err) {
      await this.blobs.delete(fileId);
      throw err;
    }
  }

  tooLarge(): AppException {
    const mb = (this.config.MATERIAL_MAX_BYTES / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
    return new AppException('PAYLOAD_TOO_LARGE', `文件超过大小上限（${mb} MB）`, {
      maxBytes: this.config.MATERIAL_MAX_BYTES,
    });
  }

  async list(user: AuthUser, instanceId: string): Promise<MaterialFileView[]> {
    await this.views.authorize(user, instanceId, 'case:read');
    const materials = (await this.repo.target(instanceId))?.materials ?? [];
    return (await this.repo.list(instanceId)).map((f) => this.view(f, materials));
  }

  async download(user: AuthUser, instanceId: string, fileId: string) {
    await this.views.authorize(user, instanceId, 'case:read');
    const file = await this.repo.one(instanceId, fileId);
    if (!file) throw new AppException('NOT_FOUND', '文件不存在');
    return { file, content: await this.blobs.get(file.id) };
  }

  private view(f: MaterialFileEntity, materials: { code: string; name: string }[]): MaterialFileView {
    return {
      id: f.id,
      materialCode: f.materialCode,
      materialName: materials.find((m) => m.code === f.materialCode)?.name ?? '',
      fileName: f.fileName,
      mediaType: f.mediaType,
      size: f.size,
      sha256: f.sha256,
      eventSeq: f.eventSeq,
      uploadedAt: f.createdAt.toISOString(),
    };
  }
}
