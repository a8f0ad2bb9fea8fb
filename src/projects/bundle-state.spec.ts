import type { CertificateRecord } from '../../workflows/project-case/project-case.types';
import { bundleState, type BundleFacts } from './bundle-state';

const cert = (status: CertificateRecord['status']): CertificateRecord => ({
  itemCode: 'x',
  status,
  issuedAt: '2026-12-01T02:00:00.000Z',
  bundle: 'sixCertificates',
  revokedAt: status === 'valid' ? null : '2026-12-10T02:00:00.000Z',
  reason: null,
});
const facts = (more: Partial<BundleFacts>): BundleFacts => ({
  members: ['landUsePlanningPermit', 'constructionPermit'],
  certificates: { landUsePlanningPermit: cert('valid'), constructionPermit: cert('valid') },
  jointIssuedAt: '2026-12-01T02:00:00.000Z',
  lapsedCertificate: null,
  foundationRevoked: false,
  ...more,
});

describe('bundleState: 受撤销影响 only while a member stands revoked after the joint issuance', () => {
  it('affected while a member certificate stands revoked, or lapsed', () => {
    const revoked = { landUsePlanningPermit: cert('revoked'), constructionPermit: cert('valid') };
    expect(bundleState(facts({ certificates: revoked }))).toEqual({
      affected: true,
      statusLabel: '受撤销影响（有证照已撤销）',
    });
    const lapsed = { landUsePlanningPermit: cert('valid'), constructionPermit: cert('lapsed') };
    expect(bundleState(facts({ certificates: lapsed, lapsedCertificate: 'constructionPermit' }))).toEqual({
      affected: true,
      statusLabel: '受影响（施工许可证逾期未开工已失效）',
    });
  });

  it('no longer affected once the revoked member is issued again', () => {
    expect(bundleState(facts({}))).toEqual({ affected: false, statusLabel: '已联合发证' });
  });

  it('never affected before the bundle was issued, a foundation permit revoked meanwhile included', () => {
    expect(bundleState(facts({ jointIssuedAt: null, foundationRevoked: true, certificates: {} }))).toEqual({
      affected: false,
      statusLabel: '待联合发证（桩基阶段施工许可已撤销，施工许可证按普通程序办理）',
    });
    expect(bundleState(facts({ jointIssuedAt: null, certificates: {} })).statusLabel).toBe('待联合发证');
  });
});
