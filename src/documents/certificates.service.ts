import { Injectable } from '@nestjs/common';
import { certificateName, suizhouHighTechZoneCatalog as catalog } from '../../workflows/catalog';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import type { CertificateEntity } from './certificate.entity';
import { certificatePdf } from './certificate-pdf';
import { CertificatesRepository } from './certificates.repository';

const STATUS_LABELS: Record<string, string> = { valid: '有效', revoked: '已撤销', lapsed: '已失效' };
/** What the status means for whoever checks the paper (a bank, an inspector), in words: why it fails, if it does. */
export const STATUS_NOTES: Record<string, string> = {
  valid: '核验通过：该证照由本系统核发，目前有效。请核对下列信息与所持证照一致。',
  revoked: '核验未通过：该证照已被发证机关撤销，不能再作为有效证照使用。',
  lapsed: '核验未通过：该证照已失效（如逾期未开工），不能再作为有效证照使用。',
};
/** A verification code: 32 hex characters (certificates and notices). */
export const CODE = /^[0-9a-f]{32}$/;

/** What the public verification shows: only what a bank or an inspector needs. */
export interface CertificateVerification {
  type: string;
  number: string;
  holder: string;
  projectName: string;
  /** Date of issue in China Standard Time (YYYY-MM-DD). */
  issuedOn: string;
  status: string;
  statusLabel: string;
  /** zh-CN: what the status means, and why the verification fails when it does. */
  statusNote: string;
  documentHash: string;
}

/** Certificates (电子证照): public verification by code, and a project's list for who may see the project. */
@Injectable()
export class CertificatesService {
  constructor(
    private readonly repo: CertificatesRepository,
    private readonly access: AccessPolicy,
  ) {}

  /** The certificate with verification code `code`, or null. */
  async lookup(code: string): Promise<CertificateVerification | null> {
    const found = CODE.test(code) ? await this.repo.byCode(code) : null;
    return found ? this.verification(found) : null;
  }

  /** The printable PDF, with a QR code of `${origin}/verify.html?code=…`; to whoever may see the project. */
  async pdf(user: AuthUser, projectId: string, code: string, origin: string) {
    const project = await this.repo.project(projectId);
    if (!project) throw new AppException('NOT_FOUND', '项目不存在 / Project not found');
    this.access.assertProjectAccess(user, project, 'read');
    const found = CODE.test(code) ? await this.repo.byCode(code) : null;
    if (!found || found.projectId !== projectId) throw new AppException('NOT_FOUND', '未找到该证照');
    const view = this.verification(found);
    return { number: view.number, content: await certificatePdf(view, `${origin}/verify.html?code=${code}`) };
  }

  async ofProject(user: AuthUser, projectId: string) {
    const project = await this.repo.project(projectId);
    if (!project) throw new AppException('NOT_FOUND', '项目不存在 / Project not found');
    this.access.assertProjectAccess(user, project, 'read');
    return (await this.repo.ofProject(projectId)).map((c) => ({
      ...this.verification(c),
      verificationCode: c.verificationCode,
    }));
  }

  private verification(c: CertificateEntity): CertificateVerification {
    return {
      type: certificateName(catalog, c.type),
      number: c.number,
      holder: c.holder,
      projectName: c.projectName,
      issuedOn: new Date(c.issuedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10),
      status: c.status,
      statusLabel: STATUS_LABELS[c.status] ?? '状态不明',
      statusNote: STATUS_NOTES[c.status] ?? '核验未通过：该证照状态不明，请向发证机关核实。',
      documentHash: c.documentHash,
    };
  }
}
