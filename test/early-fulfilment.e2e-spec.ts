import { CommandService } from '../src/cases/command.service';
import { actors, ENTERPRISE_ID } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { clerk, ProjectDriver } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

const pdf = (body: string) => Buffer.from(`%PDF-1.4\n${body}\n%%EOF\n`, 'latin1');
const REASON = '本事项尚未办结（容缺通过）：请先作出办结决定，再审核最后一项补交材料';

/**
 * Accepting the last 容缺 material before the item is decided: the released items take TOLERANCE_FULFILLED only
 * once decided 容缺通过, and the command failed with a 500. Now the review of the last material waits for the
 * decision, refused with a 422 and offered disabled with the reason; after the decision it goes through.
 */
/** v1: an item with two 容缺 materials; v3 (catalog v2): one, on an item decided after the items it depends on. */
const CASES = [
  {
    version: 1,
    item: 'landTitleRegistration',
    submitted: ['applicationForm', 'landGrantContract', 'landPriceReceipt'],
    before: [] as [string, string][],
    extra: {},
  },
  {
    version: 3,
    item: 'landUsePlanningPermit',
    submitted: ['applicationForm', 'landGrantContract', 'siteRedLine'],
    before: [
      ['projectFiling', 'development'],
      ['landTitleRegistration', 'planning'],
    ],
    extra: { flags: { industrial: false, specialConstruction: false, civilDefense: 'feePaid' } },
  },
];

describe.each(CASES)('project-case v$version: the last 容缺 material reviewed before the decision', (c) => {
  let t: TestApp;
  let d: ProjectDriver;
  let owner: string;
  let planning: string;

  beforeAll(async () => {
    t = await startTestApp();
    d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
    await d.create(1, {}); // inserts the test enterprise
    owner = await userToken(t, { username: 'early-owner', role: 'enterprise', enterpriseId: ENTERPRISE_ID });
    planning = await userToken(t, { username: 'early-planning', role: 'clerk', department: 'planning' });
  });
  afterAll(() => t.close());

  const send = (caseId: string, token: string, type: string, payload: object) =>
    t.http().post(`/api/cases/${caseId}/events`).set('Authorization', token).send({ type, payload });
  const review = async (caseId: string) =>
    (await t.http().get(`/api/cases/${caseId}`).set('Authorization', planning)).body.allowedEvents.find(
      (e: { type: string }) => e.type === 'REVIEW_MATERIAL',
    );

  it('is refused with a 422 and offered disabled until the item is decided 容缺通过, then accepted', async () => {
    const projectId = await d.create(
      c.version,
      { tolerance: true },
      { ...c.extra, submittedMaterials: { [c.item]: c.submitted } },
    );
    for (const [code, department] of c.before) {
      await d.send(await d.accept(projectId, `item:${code}`, department), 'APPROVE', clerk(department));
    }
    const itemId = await d.accept(projectId, `item:${c.item}`, 'planning');
    await d.send(itemId, 'REQUEST_TOLERANCE', actors.enterprise, { commitmentLetterSigned: true });
    const toleranceId = await d.child(itemId, 'tolerance:1');
    await d.send(toleranceId, 'ACCEPT_TOLERANCE', clerk('planning'));
    const materials = Object.keys((await d.context(toleranceId)).missing);
    expect(materials.length).toBe(c.version === 1 ? 2 : 1);
    for (const code of materials) {
      const up = await t
        .http()
        .post(`/api/cases/${toleranceId}/materials`)
        .set('Authorization', owner)
        .field('materialCode', code)
        .attach('file', pdf(code), { filename: `${code}.pdf`, contentType: 'application/pdf' });
      expect(up.status).toBe(201);
      expect((await send(toleranceId, owner, 'SUPPLY_MATERIAL', { material: code })).status).toBe(200);
    }
    const last = materials[materials.length - 1];
    for (const code of materials.slice(0, -1)) {
      expect((await review(toleranceId))?.disabledReason).toBeUndefined();
      const r = await send(toleranceId, planning, 'REVIEW_MATERIAL', { material: code, compliant: true });
      expect(r.status).toBe(200);
    }

    // The last one: not offered, and refused (not a 500) with nothing written.
    expect((await review(toleranceId))?.disabledReason).toBe(REASON);
    const early = await send(toleranceId, planning, 'REVIEW_MATERIAL', { material: last, compliant: true });
    expect(early.status).toBe(422);
    expect(early.body.message).toBe(REASON);
    expect((await d.context(toleranceId)).missing[last].status).toBe('supplied');

    // The engine on its own (no API gate in front) refuses it too, with a 409 people can read, not a 500.
    const engine = d.send(toleranceId, 'REVIEW_MATERIAL', clerk('planning'), { material: last, compliant: true });
    await expect(engine).rejects.toMatchObject({ code: 'EVENT_NOT_ALLOWED' });
    await expect(engine).rejects.toHaveProperty('message', expect.stringContaining('本次办理未生效'));
    expect((await d.context(toleranceId)).missing[last].status).toBe('supplied');

    // Decided 容缺通过, the item takes the fulfilment: the review is offered and settles it.
    const decided = await send(itemId, planning, 'APPROVE_WITH_TOLERANCE', {});
    expect(decided.status).toBe(200);
    expect((await review(toleranceId))?.disabledReason).toBeUndefined();
    const settled = await send(toleranceId, planning, 'REVIEW_MATERIAL', { material: last, compliant: true });
    expect(settled.status).toBe(200);
    expect(await d.state(toleranceId)).toBe('fulfilled');
    expect(await d.state(itemId)).toBe('approved');
  });
});
