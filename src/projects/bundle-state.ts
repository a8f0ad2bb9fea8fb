/**
 * Whether the joint issuance (联发) stands affected by a revocation, read from the certificates as they stand now
 * (xb 10): only once the bundle was issued, and only while one of its member certificates stands revoked or lapsed.
 * The project case's own flag (bundleAffected) is set at a revocation and never cleared, so a member re-issued after
 * its re-application left the bundle 受撤销影响 for ever, and a foundation permit revoked before any joint issuance
 * made an unissued bundle read 受撤销影响.
 */
import type { CertificateRecord } from '../../workflows/project-case/project-case.types';

export interface BundleFacts {
  members: readonly string[];
  certificates: Readonly<Record<string, CertificateRecord>>;
  jointIssuedAt: string | null;
  /** The construction permit whose work-start period lapsed (逾期未开工), if any. */
  lapsedCertificate: string | null;
  /** 桩基先行: the foundation permit the construction permit was to build on was revoked. */
  foundationRevoked: boolean;
}

export function bundleState(f: BundleFacts): { affected: boolean; statusLabel: string } {
  const down = f.jointIssuedAt
    ? f.members.filter((code) => f.certificates[code] && f.certificates[code].status !== 'valid')
    : [];
  if (down.length) {
    const lapsed = f.lapsedCertificate !== null && down.includes(f.lapsedCertificate);
    return {
      affected: true,
      statusLabel: lapsed ? '受影响（施工许可证逾期未开工已失效）' : '受撤销影响（有证照已撤销）',
    };
  }
  if (f.jointIssuedAt) return { affected: false, statusLabel: '已联合发证' };
  return {
    affected: false,
    statusLabel: f.foundationRevoked ? '待联合发证（桩基阶段施工许可已撤销，施工许可证按普通程序办理）' : '待联合发证',
  };
}
