import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { certificateName, departmentName, suizhouHighTechZoneCatalog as catalog } from '../../workflows/catalog';
import { type Actor, NOTICE_STORED } from '../../workflows/contract';
import type { AuthUser } from '../auth/auth-user';
import { CaseViewService } from '../cases/case-view.service';
import { CommandService } from '../cases/command.service';
import { EngineRepository } from '../cases/engine.repository';
import { Clock } from '../common/clock';
import { AppException } from '../common/errors/app-exception';
import { BlobStore } from './blob-store';
import { CODE, type CertificateVerification } from './certificates.service';
import type { NoticeEntity } from './notice.entity';
import { noticeDocument, noticeTitle } from './notice-kinds';
import { noticePdf } from './notice-pdf';
import { NoticesRepository } from './notices.repository';

/** Storing a notice is the system's act, not the reader's who happened to ask first. */
const SYSTEM: Actor = { userId: 'system:notices', role: 'system' };

/** A notice whose PDF is in the blob store. */
type StoredNotice = NoticeEntity & { blobKey: string; sha256: string };
const isStored = (n: NoticeEntity): n is StoredNotice => n.blobKey !== null && n.sha256 !== null;

const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Notices of a case: the list, and each as a PDF, to whoever may see the case. A notice's PDF is rendered once,
 * from the facts taken when it was issued, put in the blob store and its SHA-256 recorded in a NOTICE_STORED
 * event; every later download returns the same bytes.
 */
@Injectable()
export class NoticesService {
  constructor(
    private readonly repo: NoticesRepository,
    private readonly views: CaseViewService,
    private readonly blobs: BlobStore,
    private readonly commands: CommandService,
    private readonly engine: EngineRepository,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, instanceId: string, origin: string) {
    await this.views.authorize(user, instanceId, 'case:read');
    const notices = await this.repo.ofCase(instanceId);
    const stored = [];
    for (const n of notices) stored.push(isStored(n) ? n : await this.store(n, origin));
    return stored.map((n) => this.view(n));
  }

  async pdf(user: AuthUser, instanceId: string, noticeId: string, origin: string) {
    await this.views.authorize(user, instanceId, 'case:read');
    const found = await this.repo.one({ id: noticeId, instanceId });
    if (!found) throw new AppException('NOT_FOUND', '未找到该文书');
    const notice = isStored(found) ? found : await this.store(found, origin);
    return { number: notice.number, content: await this.blobs.get(notice.blobKey) };
  }

  /** The notice with verification code `code`, as the public verification shows it, or null. */
  async lookup(code: string, origin: string): Promise<CertificateVerification | null> {
    const found = CODE.test(code) ? await this.repo.one({ verificationCode: code }) : null;
    if (!found) return null;
    const notice = isStored(found) ? found : await this.store(found, origin);
    return {
      type: noticeTitle(notice.kind),
      number: notice.number,
      holder: notice.facts.holder ?? '',
      projectName: notice.facts.projectName ?? '',
      issuedOn: chinaDate(notice.issuedAt),
      status: 'valid',
      statusLabel: '有效',
      statusNote: '核验通过：该文书由本系统出具。请核对下列信息与所持文书一致。',
      documentHash: notice.sha256,
    };
  }

  /**
   * Renders and stores a notice not stored yet, under its row lock (two first readers store it once); the blob of
   * a transaction that fails is removed.
   */
  private async store(notice: NoticeEntity, origin: string): Promise<StoredNotice> {
    const key = randomUUID();
    try {
      return await this.commands.transaction(async (m) => {
        const locked = await this.repo.locked(m, notice.id);
        if (!locked) throw new AppException('NOT_FOUND', '未找到该文书');
        if (isStored(locked)) return locked;
        const content = await noticePdf(
          noticeDocument(locked.kind, locked.facts, {
            number: locked.number,
            issuedOn: chinaDate(locked.issuedAt),
            departmentName: departmentName(catalog, locked.department),
            certificateName: (c) => certificateName(catalog, c),
          }),
          `${origin}/verify.html?code=${locked.verificationCode}`,
          locked.issuedAt,
        );
        const sha256 = createHash('sha256').update(content).digest('hex');
        await this.blobs.put(key, content, 'application/pdf');
        const row = await this.engine.lock(m, locked.instanceId);
        if (!row) throw new AppException('NOT_FOUND', '未找到该文书');
        const applied = await this.commands.record(m, row, {
          type: NOTICE_STORED,
          payload: { noticeId: locked.id, number: locked.number, sha256 },
          actor: SYSTEM,
          occurredAt: this.clock.now().toISOString(),
        });
        const stored = { blobKey: key, sha256, storedSeq: applied.seq };
        await this.repo.markStored(m, locked.id, stored);
        return { ...locked, ...stored };
      });
    } catch (err) {
      await this.blobs.delete(key);
      throw err;
    }
  }

  private view(n: NoticeEntity) {
    return {
      id: n.id,
      kind: n.kind,
      title: noticeTitle(n.kind),
      number: n.number,
      issuedOn: chinaDate(n.issuedAt),
      eventSeq: n.eventSeq,
      verificationCode: n.verificationCode,
      sha256: n.sha256,
      storedSeq: n.storedSeq,
    };
  }
}
