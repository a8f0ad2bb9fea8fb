import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { departmentName, suizhouHighTechZoneCatalog as catalog } from '../../workflows/catalog';
import type { AuthUser } from '../auth/auth-user';
import { CaseViewService } from '../cases/case-view.service';
import { AppException } from '../common/errors/app-exception';
import { CODE, type CertificateVerification } from './certificates.service';
import type { NoticeEntity } from './notice.entity';
import { noticePdf } from './notice-pdf';
import { NoticesRepository } from './notices.repository';

/** The kinds of notice issued so far, with their titles and the sentence that says what was decided. */
const KINDS: Record<string, { title: string; body: string }> = {
  acceptance: { title: '受理通知书', body: '申请材料齐全、符合法定形式，决定予以受理。' },
  approval: { title: '准予行政许可决定书', body: '经审查，符合法定条件和标准，决定准予行政许可。' },
};

const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Notices of an item: the list, and each as a PDF, to whoever may see the case. */
@Injectable()
export class NoticesService {
  constructor(
    private readonly repo: NoticesRepository,
    private readonly views: CaseViewService,
  ) {}

  async list(user: AuthUser, instanceId: string) {
    await this.views.authorize(user, instanceId, 'case:read');
    return (await this.repo.ofCase(instanceId)).map((n) => this.view(n));
  }

  async pdf(user: AuthUser, instanceId: string, noticeId: string, origin: string) {
    await this.views.authorize(user, instanceId, 'case:read');
    const found = await this.repo.withCase({ id: noticeId, instanceId });
    if (!found) throw new AppException('NOT_FOUND', '未找到该文书');
    const { notice } = found;
    const kind = KINDS[notice.kind];
    const content = await noticePdf(
      {
        title: kind.title,
        number: notice.number,
        holder: found.holder,
        projectName: found.projectName,
        itemName: found.itemName,
        issuedOn: chinaDate(notice.issuedAt),
        body: kind.body,
        department: departmentName(catalog, notice.department),
      },
      `${origin}/verify.html?code=${notice.verificationCode}`,
    );
    return { number: notice.number, content };
  }

  /** The notice with verification code `code`, as the public verification shows it, or null. */
  async lookup(code: string): Promise<CertificateVerification | null> {
    const found = CODE.test(code) ? await this.repo.withCase({ verificationCode: code }) : null;
    if (!found) return null;
    const { notice } = found;
    const type = KINDS[notice.kind]?.title ?? notice.kind;
    const issuedOn = chinaDate(notice.issuedAt);
    const fields = [type, notice.number, found.holder, found.projectName, found.itemName, issuedOn];
    return {
      type,
      number: notice.number,
      holder: found.holder,
      projectName: found.projectName,
      issuedOn,
      status: 'valid',
      statusLabel: '有效',
      documentHash: createHash('sha256').update(fields.join('|')).digest('hex'),
    };
  }

  private view(n: NoticeEntity) {
    return {
      id: n.id,
      kind: n.kind,
      title: KINDS[n.kind]?.title ?? n.kind,
      number: n.number,
      issuedOn: chinaDate(n.issuedAt),
      eventSeq: n.eventSeq,
      verificationCode: n.verificationCode,
    };
  }
}
