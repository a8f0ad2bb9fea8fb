/**
 * Why a certificate was revoked, as the project page serves it (found by the random walk: a 告知承诺 breach
 * served `reason: notifyCommitmentBreach`, a code the page then hid): the cause in Chinese, with the item's own
 * reason when it has one.
 */
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import { approveItem, fileProject, filingBody, projectView, send, type Http } from './projects-support';

describe('a revoked certificate says why, in Chinese', () => {
  let t: TestApp;
  let u: Record<string, Http> = {};

  beforeAll(async () => {
    ({ t, u } = await staffedApp('rvr', { enterprise: '己公司' }));
  });
  afterAll(() => t?.close());

  it('revoked by its department: 审批部门撤销 with the reason given', async () => {
    const projectId = await fileProject(u.ent, filingBody('己公司撤销项目'));
    const item = await approveItem(u, projectId, 'landTitleRegistration', 'planning');
    await send(u.planning, item, 'REVOKE', { reason: '土地出让合同被解除' });
    const cert = (await projectView(u.ent, projectId)).certificates.issued.find(
      (c: { code: string }) => c.code === 'realEstateTitle',
    );
    expect(cert).toMatchObject({ status: 'revoked', reason: '审批部门撤销：土地出让合同被解除' });
  });
});
