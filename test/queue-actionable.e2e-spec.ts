/**
 * Every task in a 待办 can be acted on: the work-queue twin of "offered means accepted". Fresh projects of each
 * practice are driven over HTTP by the people who do the work (the window and the departments' clerks, the
 * enterprise, its steward, a 项目长), mostly from their own queues; after each step every queue is read and
 * QueueInvariant checks that each row has an enabled action, that each enabled action is accepted, and that a
 * case a department can act on is in that department's 待办. Time moves on the demo clock.
 */
import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';
import { QueueInvariant, type Violation } from './support/queue-invariant';
import { plainPayload } from './support/schema-payload';
import {
  advanceDays,
  caseView,
  childIdOf,
  clerksAndAdmin,
  DEPARTMENTS,
  filingBody,
  foundationApplication,
  itemIdOf,
  projectView,
  staff,
  as,
  type Http,
  type Practices,
} from './projects-support';

const ENTERPRISE = 'ent-qa';

/** What a clerk does with a task when nothing special is asked: the plain next step, in this order. */
const CLERK_STEPS = [
  'WINDOW_ACCEPT',
  'DEPARTMENT_ACCEPT',
  'APPROVE',
  'START_JOINT_INSPECTION',
  'RECORD_RESULT',
  'RECORD_SITE_WIDE_CHECKS',
  'RECORD_COMMITMENT_CHECK',
];

/**
 * Enabled actions that are no work waiting to be done, so neither a reason for a case to be in a department's
 * 待办 nor what makes a row of one actionable: taking back or revoking what was decided (撤回, 撤销), withdrawing
 * an application (撤件), finding a commitment false (认定承诺不实, whenever it comes to light), and granting an extension the enterprise asks for outside the case (不可抗力延期, 延期开工).
 */
const DISCRETIONARY = new Set([
  'WITHDRAW',
  'FIND_FALSE_COMMITMENT',
  'RECALL',
  'REVOKE',
  'REVOKE_FOUNDATION_PERMIT',
  'EXTEND_FOR_FORCE_MAJEURE',
  'EXTEND_WORK_START',
]);

/**
 * What the enterprise owes, with a deadline or a department waiting on it: a case where it can do one of these
 * belongs in its 待办 (supplying a 容缺 material, completing a 补正, reporting a rectification or the work start,
 * confirming a problem resolved). A re-application (REAPPLY_ITEM) only once no department's 待办 holds anything of the
 * project: while one does, project-case v7 leaves the project with the departments, by decision (waitsOnReapplication).
 */
const ENTERPRISE_DUTIES = new Set([
  'SUPPLY_MATERIAL',
  'COMPLETE_CORRECTION',
  'REPORT_RECTIFIED',
  'REPORT_WORK_STARTED',
  'CONFIRM_RESOLVED',
]);
const ENTERPRISE_DUTIES_WHEN_DEPARTMENTS_IDLE = new Set(['REAPPLY_ITEM']);

/**
 * The steward's: the enterprise's, done on its behalf (代办); assigning a pending problem (交办); confirming or
 * reopening a resolved problem the steward raised (only its raiser may).
 */
const STEWARD_DUTIES = new Set([...ENTERPRISE_DUTIES, 'ASSIGN', 'REOPEN']);

/**
 * A 项目长's, on the problems of the projects they lead: assigning (交办), escalating one a department holds (提级督办),
 * confirming or reopening one they raised once resolved.
 */
const LEADER_DUTIES = new Set(['ASSIGN', 'ESCALATE', 'CONFIRM_RESOLVED', 'REOPEN']);

/** Payloads people type where the plain form's least would change the outcome (an approval's opinion). */
const FILLED: Record<string, Record<string, unknown>> = {
  APPROVE: { opinion: '同意' },
  RECORD_SITE_WIDE_CHECKS: { totalFloorArea: 1000, greenRatio: 0.3 },
};

describe('every task in a 待办 can be acted on (fresh projects, driven over HTTP)', () => {
  let t: TestApp;
  let invariant: QueueInvariant;
  const u: Record<string, Http> = {};
  const names: Record<string, string> = {};
  /** Each project's 项目长. */
  const leaders: Record<string, Http> = {};

  const now = async () => ((await u.admin.get('/api/admin/clock').expect(200)).body as { now: string }).now;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    const users = {
      ent: { username: 'qa-ent', role: 'enterprise' as const, enterpriseId: ENTERPRISE },
      steward: { username: 'qa-steward', role: 'steward' as const },
      ...clerksAndAdmin('qa'),
    };
    Object.assign(u, await staff(t, { [ENTERPRISE]: '启安新材料公司' }, users));
    for (const [key, spec] of Object.entries(users)) names[key] = spec.username;
    invariant = new QueueInvariant(t, now, DISCRETIONARY);
    for (const department of DEPARTMENTS)
      invariant.watch(
        { name: `clerk ${department}`, http: u[department], username: names[department] },
        { clerk: true },
      );
    invariant.watch(
      { name: 'enterprise', http: u.ent, username: names.ent },
      {
        duties: ENTERPRISE_DUTIES,
        idleDuties: ENTERPRISE_DUTIES_WHEN_DEPARTMENTS_IDLE,
      },
    );
    invariant.watch(
      { name: 'steward', http: u.steward, username: names.steward },
      { duties: STEWARD_DUTIES, idleDuties: ENTERPRISE_DUTIES_WHEN_DEPARTMENTS_IDLE },
    );
  });
  afterAll(() => t?.close());

  const clerks = () => DEPARTMENTS.map((d) => u[d]);
  const itemId = (projectId: string, code: string) => itemIdOf(u.admin, projectId, code);
  const childId = (parentId: string, childKey: string) => childIdOf(u.admin, parentId, childKey);

  /** The steward files on the enterprise's behalf (代办), so it is assigned; a 项目长 leads the project. */
  async function file(name: string, practices: Partial<Practices>, fields: Record<string, unknown> = {}) {
    const res = await u.steward.post('/api/projects', {
      ...filingBody(name, practices, { investmentAmount: 8000, ...fields }),
      enterpriseId: ENTERPRISE,
    });
    if (res.status !== 201) throw new Error(`filing: ${res.status} ${JSON.stringify(res.body)}`);
    const projectId = res.body.id as string;
    const leader = `qa-leader-${Object.keys(names).length}`;
    names[leader] = leader;
    const http = as(t, await userToken(t, { username: leader, role: 'leader', assignedProjectIds: [projectId] }));
    invariant.watch(
      { name: `leader of ${name}`, http, username: leader, projects: [projectId] },
      { duties: LEADER_DUTIES },
    );
    leaders[projectId] = http;
    await invariant.check(`${name}: filed`, [projectId]);
    return projectId;
  }

  /** Sends an event as a person would from the case page (the payload: the offered form, `fill` typed in). */
  async function act(who: Http, instanceId: string, type: string, fill: Record<string, unknown> = {}) {
    const c = await caseView(who, instanceId);
    const offered = c.allowedEvents.find((e: { type: string }) => e.type === type);
    if (!offered) throw new Error(`${type} is not offered on ${c.definition.id} in ${c.state}`);
    if (offered.disabledReason) throw new Error(`${type} is disabled: ${offered.disabledReason}`);
    const payload = { ...plainPayload(offered.payloadSchema, await now()), ...(FILLED[type] ?? {}), ...fill };
    const res = await who.post(`/api/cases/${instanceId}/events`, { type, payload });
    if (res.status !== 200)
      throw new Error(`${type} ${JSON.stringify(payload)}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /**
   * Whether steps are checked: off while a scenario goes again through what an earlier one checked step by step
   * (the permit stages), to keep the run short.
   */
  let checking = true;
  async function fastForward(run: () => Promise<unknown>) {
    checking = false;
    try {
      await run();
    } finally {
      checking = true;
    }
  }

  /** One step of a scenario: an action, then every queue checked. */
  async function step(projectId: string, label: string, who: Http, instanceId: string, type: string, fill = {}) {
    try {
      await act(who, instanceId, type, fill);
    } catch (e) {
      throw new Error(`${label}: ${(e as Error).message}`);
    }
    if (checking) await invariant.check(label, [projectId]);
  }

  /**
   * The clerks work their queues of the project as people would: each reads /api/tasks and takes the plain next
   * step an enabled action offers (CLERK_STEPS), one task at a time, until nothing moves (only items of `stage`
   * when given). Every queue is checked after each.
   */
  async function workQueues(projectId: string, label: string, stage?: string) {
    for (let round = 0; round < 40; round++) {
      let moved = false;
      for (const [i, clerk] of clerks().entries()) {
        const res = await clerk.get(`/api/tasks?limit=100&projectId=${projectId}`).expect(200);
        for (const task of res.body.items as {
          instanceId: string;
          definitionId: string;
          stage: string | null;
          subject: string;
          allowedEvents: { type: string; disabledReason?: string }[];
        }[]) {
          if (stage && (task.definitionId !== 'approval-item' || task.stage !== stage)) continue;
          const next = CLERK_STEPS.find((type) => task.allowedEvents.some((e) => e.type === type && !e.disabledReason));
          if (!next) continue;
          // A row whose case does not open for this clerk cannot be worked (QueueInvariant reports it): another
          // department's step may open it later.
          if ((await clerk.get(`/api/cases/${task.instanceId}`)).status === 404) continue;
          await step(projectId, `${label}: ${DEPARTMENTS[i]} ${next} ${task.subject}`, clerk, task.instanceId, next);
          moved = true;
        }
      }
      if (!moved) return;
    }
    throw new Error('queues did not settle');
  }

  const advance = async (projectId: string, days: number) => {
    await advanceDays(u.admin, days);
    await invariant.check(`${days} days later`, [projectId]);
  };

  /** The project's violations, listed readably when there are any. */
  function expectNoViolations(projectId: string) {
    const found: Violation[] = invariant.violations([projectId]);
    expect(QueueInvariant.report(found)).toBe('');
  }

  const sectionsOf = async (projectId: string) =>
    ((await projectView(u.admin, projectId)).stages.find((s: { key: string }) => s.key === 'completionAcceptance')
      ?.sections ?? []) as { instanceId: string; name: string }[];

  /** The construction permit is in force and the enterprise reports the work started (建筑法 art. 9). */
  async function reportWorkStarted(projectId: string, name: string) {
    const p = await projectView(u.ent, projectId);
    const workStart = p.nextActions.find((a: { definitionId: string }) => a.definitionId === 'work-start');
    if (!workStart) throw new Error(`${name}: no work-start case among the enterprise's next actions`);
    await step(projectId, `${name}: work started`, u.ent, workStart.instanceId, 'REPORT_WORK_STARTED');
  }

  /**
   * A section: the enterprise applies, housing starts the joint inspection, the departments work their queues. With
   * an open 告知承诺 (`commitment`), the last section waits once its checks passed, and planning's 对标验收 on the
   * commitment's own case (acceptance-section v5) accepts it.
   */
  async function acceptSection(projectId: string, name: string, sectionId: string, commitment?: string) {
    await step(projectId, `${name}: ${sectionId} applied`, u.steward, sectionId, 'APPLY', { note: '具备验收条件' });
    await step(projectId, `${name}: joint inspection started`, u.housing, sectionId, 'START_JOINT_INSPECTION');
    await workQueues(projectId, `${name}: joint inspection`);
    if (commitment) {
      const waiting = await caseView(u.admin, sectionId);
      expect(waiting).toMatchObject({ state: 'jointInspection', statusLabel: expect.stringContaining('待承诺办结') });
      await step(projectId, `${name}: 对标验收 on the commitment`, u.planning, commitment, 'VERIFY', {
        method: 'completionAcceptance',
        compliant: true,
        findings: '符合承诺',
      });
    }
    expect((await caseView(u.admin, sectionId)).state).toBe('accepted');
  }

  it('an industrial project through every permit stage with 六证联发, work start and acceptance', async () => {
    const name = '启安工业厂房联合发证项目';
    const projectId = await file(name, { jointIssuance: true }, { industrial: true });
    for (const stage of ['landPlanning', 'engineeringPermit', 'constructionPermit'])
      await workQueues(projectId, `${name} ${stage}`, stage);
    const p = await projectView(u.ent, projectId);
    expect(p.certificates.bundle).toMatchObject({ code: 'sixCertificates', statusLabel: '已联合发证' });
    await reportWorkStarted(projectId, name);
    await advance(projectId, 30);
    const [section] = await sectionsOf(projectId);
    await acceptSection(projectId, name, section.instanceId);
    expect((await projectView(u.ent, projectId)).currentStage.key).toBe('complete');
    expectNoViolations(projectId);
  });

  it('容缺受理: the missing material is supplied before the decision, then reviewed', async () => {
    const name = '启安容缺受理项目';
    const projectId = await file(
      name,
      { tolerance: true },
      { missingMaterials: { landUsePlanningPermit: ['projectFilingProof'] } },
    );
    const filing = await itemId(projectId, 'projectFiling');
    await step(projectId, `${name}: filing at the window`, u.window, filing, 'WINDOW_ACCEPT');
    await step(projectId, `${name}: filing accepted`, u.development, filing, 'DEPARTMENT_ACCEPT');
    await step(projectId, `${name}: filing approved`, u.development, filing, 'APPROVE');
    const item = await itemId(projectId, 'landUsePlanningPermit');
    await step(projectId, `${name}: permit at the window`, u.window, item, 'WINDOW_ACCEPT');
    await step(projectId, `${name}: permit accepted`, u.planning, item, 'DEPARTMENT_ACCEPT');
    await step(projectId, `${name}: tolerance requested`, u.ent, item, 'REQUEST_TOLERANCE', {
      commitmentLetterSigned: true,
    });
    const tolerance = await childId(item, 'tolerance:1');
    await step(projectId, `${name}: tolerance accepted`, u.planning, tolerance, 'ACCEPT_TOLERANCE', {
      note: '出具容缺受理通知书',
    });
    await advance(projectId, 2);
    await u.ent.upload(item, 'projectFilingProof');
    await invariant.check(`${name}: material uploaded`, [projectId]);
    await step(projectId, `${name}: material supplied before the decision`, u.ent, tolerance, 'SUPPLY_MATERIAL', {
      material: 'projectFilingProof',
    });
    await step(projectId, `${name}: approved with tolerance`, u.planning, item, 'APPROVE_WITH_TOLERANCE', {
      opinion: '容缺通过',
    });
    await step(projectId, `${name}: supplement reviewed`, u.planning, tolerance, 'REVIEW_MATERIAL', {
      material: 'projectFilingProof',
      compliant: true,
    });
    await workQueues(projectId, `${name} landPlanning`, 'landPlanning');
    expect((await caseView(u.admin, tolerance)).state).toBe('fulfilled');
    expectNoViolations(projectId);
  });

  /** Land stage by the queues; the design plan approved; 建设工程规划许可证 decided on 告知承诺. */
  async function planningPermitOnCommitment(projectId: string, name: string) {
    await fastForward(async () => {
      await workQueues(projectId, `${name} landPlanning`, 'landPlanning');
      const design = await itemId(projectId, 'designPlanReview');
      await step(projectId, `${name}: design plan at the window`, u.window, design, 'WINDOW_ACCEPT');
      await step(projectId, `${name}: design plan accepted`, u.planning, design, 'DEPARTMENT_ACCEPT');
      await step(projectId, `${name}: design plan approved`, u.planning, design, 'APPROVE');
    });
    const permit = await itemId(projectId, 'engineeringPlanningPermit');
    await step(projectId, `${name}: planning permit at the window`, u.window, permit, 'WINDOW_ACCEPT');
    await step(projectId, `${name}: planning permit accepted`, u.planning, permit, 'DEPARTMENT_ACCEPT');
    await step(projectId, `${name}: 告知承诺 requested`, u.ent, permit, 'REQUEST_NOTIFY_COMMITMENT', {
      commitmentSigned: true,
      conditions: ['建筑退让符合规划条件'],
    });
    const commitment = await childId(permit, 'notifyCommitment:1');
    await step(projectId, `${name}: decided on the commitment`, u.planning, commitment, 'DECIDE_ON_COMMITMENT');
    return commitment;
  }

  it('告知承诺 on the 建设工程规划许可证, checked at the joint acceptance (先建后验)', async () => {
    const name = '启安告知承诺对标验收项目';
    const projectId = await file(name, { notifyCommit: true });
    const commitment = await planningPermitOnCommitment(projectId, name);
    await fastForward(() => workQueues(projectId, `${name} constructionPermit`, 'constructionPermit'));
    await reportWorkStarted(projectId, name);
    await advance(projectId, 20);
    const [section] = await sectionsOf(projectId);
    await acceptSection(projectId, name, section.instanceId, commitment);
    expect((await projectView(u.ent, projectId)).currentStage.key).toBe('complete');
    expectNoViolations(projectId);
  });

  it('分段竣工验收 with two sections and a 告知承诺: section 1 jointly inspected, then the last', async () => {
    const name = '启安分段验收项目';
    const projectId = await file(
      name,
      { notifyCommit: true, stagedAcceptance: true },
      {
        industrial: true,
        sections: [
          { name: '1#炭化车间', area: 12000 },
          { name: '2#石墨化车间', area: 9000 },
        ],
      },
    );
    const commitment = await planningPermitOnCommitment(projectId, name);
    await fastForward(() => workQueues(projectId, `${name} constructionPermit`, 'constructionPermit'));
    await reportWorkStarted(projectId, name);
    await advance(projectId, 20);
    const [first, last] = await sectionsOf(projectId);
    expect(last).toBeDefined();
    await acceptSection(projectId, `${name} ${first.name}`, first.instanceId);
    await advance(projectId, 10);
    await acceptSection(projectId, `${name} ${last.name}`, last.instanceId, commitment);
    expect((await projectView(u.ent, projectId)).currentStage.key).toBe('complete');
    expectNoViolations(projectId);
  });

  it('桩基先行: the foundation permit first, the above-ground permit after the drawing review', async () => {
    const name = '启安桩基先行项目';
    const projectId = await file(name, { foundationFirst: true });
    await fastForward(() => workQueues(projectId, `${name} landPlanning`, 'landPlanning'));
    const foundation = await childId(projectId, 'foundation');
    await step(
      projectId,
      `${name}: foundation permit applied`,
      u.ent,
      foundation,
      'APPLY_FOUNDATION_PERMIT',
      foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]),
    );
    await workQueues(projectId, `${name} engineeringPermit`, 'engineeringPermit');
    await step(projectId, `${name}: foundation permit issued`, u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
    await step(projectId, `${name}: foundation work started`, u.ent, foundation, 'WORK_STARTED');
    await advance(projectId, 5);
    await workQueues(projectId, `${name} constructionPermit`, 'constructionPermit');
    await step(projectId, `${name}: above ground applied`, u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT');
    await step(projectId, `${name}: above ground issued`, u.housing, foundation, 'ISSUE_ABOVE_GROUND_PERMIT');
    expect((await caseView(u.admin, foundation)).state).toBe('aboveGroundPermitted');
    expectNoViolations(projectId);
  });

  it('补正: the department asks for a corrected material, the enterprise uploads and completes, the item is decided', async () => {
    const name = '启安补正项目';
    const projectId = await file(name, {});
    const item = await itemId(projectId, 'landTitleRegistration');
    await step(projectId, `${name}: at the window`, u.window, item, 'WINDOW_ACCEPT');
    await step(projectId, `${name}: accepted`, u.planning, item, 'DEPARTMENT_ACCEPT');
    await step(projectId, `${name}: correction requested`, u.planning, item, 'REQUEST_CORRECTION', {
      missingMaterials: ['deedTaxReceipt'],
    });
    await advance(projectId, 3);
    await u.ent.upload(item, 'deedTaxReceipt');
    await invariant.check(`${name}: corrected material uploaded`, [projectId]);
    await step(projectId, `${name}: correction completed`, u.ent, item, 'COMPLETE_CORRECTION', {
      suppliedMaterials: ['deedTaxReceipt'],
    });
    await workQueues(projectId, `${name} landPlanning`, 'landPlanning');
    expect((await caseView(u.admin, item)).state).toBe('approved');
    expectNoViolations(projectId);
  });
  it('撤销 and 重新申报: a revoked planning permit reopens the stage; the enterprise re-applies from its 待办', async () => {
    const name = '启安撤销重新申报项目';
    const projectId = await file(name, {});
    await fastForward(() => workQueues(projectId, `${name} landPlanning`, 'landPlanning'));
    const permit = await itemId(projectId, 'landUsePlanningPermit');
    await step(projectId, `${name}: permit revoked`, u.planning, permit, 'REVOKE', { reason: '以欺骗手段取得' });
    await step(projectId, `${name}: re-applied`, u.steward, projectId, 'REAPPLY_ITEM', {
      itemCode: 'landUsePlanningPermit',
    });
    await workQueues(projectId, `${name} landPlanning again`, 'landPlanning');
    expect((await projectView(u.ent, projectId)).currentStage.key).toBe('engineeringPermit');
    expectNoViolations(projectId);
  });

  it('整改: a 告知承诺 found non-compliant is rectified; a section with defects is rectified and inspected again', async () => {
    const name = '启安整改项目';
    const projectId = await file(name, { notifyCommit: true });
    const commitment = await planningPermitOnCommitment(projectId, name);
    await step(projectId, `${name}: commitment verified non-compliant`, u.planning, commitment, 'VERIFY', {
      method: 'siteInspection',
      compliant: false,
      findings: '退让不足',
    });
    await advance(projectId, 5);
    await step(projectId, `${name}: rectification reported`, u.ent, commitment, 'REPORT_RECTIFIED', {
      note: '已按要求退让',
    });
    await step(projectId, `${name}: rectification confirmed`, u.planning, commitment, 'CONFIRM_RECTIFIED', {
      note: '符合',
    });
    await fastForward(() => workQueues(projectId, `${name} constructionPermit`, 'constructionPermit'));
    await reportWorkStarted(projectId, name);
    await advance(projectId, 20);
    const [section] = await sectionsOf(projectId);
    await step(projectId, `${name}: applied`, u.ent, section.instanceId, 'APPLY');
    await step(projectId, `${name}: inspection started`, u.housing, section.instanceId, 'START_JOINT_INSPECTION');
    await step(projectId, `${name}: quality to rectify`, u.housing, section.instanceId, 'RECORD_RESULT', {
      acceptanceItem: 'qualityAcceptance',
      result: 'rectify',
      opinion: '地面裂缝',
    });
    await workQueues(projectId, `${name}: first inspection`);
    expect((await caseView(u.admin, section.instanceId)).state).toBe('rectifying');
    await advance(projectId, 5);
    await step(projectId, `${name}: defects rectified`, u.ent, section.instanceId, 'REPORT_RECTIFIED', {
      note: '已整改',
    });
    await workQueues(projectId, `${name}: re-inspection`);
    expect((await caseView(u.admin, section.instanceId)).state).toBe('accepted');
    expectNoViolations(projectId);
  });

  it('问题清单, 特别程序 and time: a problem raised and resolved; an item paused for expert review; a window left to its deemed acceptance', async () => {
    const name = '启安问题协调项目';
    const projectId = await file(name, {});
    const leader = leaders[projectId];
    const raised = await u.ent.post('/api/problems', {
      projectId,
      title: '施工临时用电尚未接入',
      category: 'utilities',
      department: 'planning',
      limitWorkingDays: 5,
    });
    expect(raised.status).toBe(201);
    const problem = raised.body.id as string;
    await invariant.check(`${name}: problem raised`, [projectId]);
    await step(projectId, `${name}: problem assigned`, leader, problem, 'ASSIGN', { limitWorkingDays: 3 });
    await step(projectId, `${name}: problem handled`, u.planning, problem, 'START_HANDLING');
    await advance(projectId, 6);
    await step(projectId, `${name}: problem resolved`, u.planning, problem, 'RESOLVE', {
      resolution: '已协调供电公司接入',
    });
    await step(projectId, `${name}: resolution confirmed`, u.ent, problem, 'CONFIRM_RESOLVED');
    // One the 项目长 raises is theirs alone to confirm once resolved.
    const own = await leader.post('/api/problems', {
      projectId,
      title: '施工便道尚未硬化',
      category: 'constructionEnvironment',
      department: 'planning',
      limitWorkingDays: 3,
    });
    expect(own.status).toBe(201);
    const ownId = own.body.id as string;
    await invariant.check(`${name}: the leader's problem raised`, [projectId]);
    await step(projectId, `${name}: the leader's problem assigned`, leader, ownId, 'ASSIGN');
    await step(projectId, `${name}: the leader's problem handled`, u.planning, ownId, 'START_HANDLING');
    await step(projectId, `${name}: the leader's problem resolved`, u.planning, ownId, 'RESOLVE', {
      resolution: '已协调施工单位硬化',
    });
    await step(projectId, `${name}: the leader confirms`, leader, ownId, 'CONFIRM_RESOLVED');
    // The window does not act on the filing: after five working days it is deemed accepted (行政许可法 art. 32).
    await advance(projectId, 9);
    const filing = await itemId(projectId, 'projectFiling');
    expect((await caseView(u.admin, filing)).state).not.toBe('received');
    await step(projectId, `${name}: filing accepted`, u.development, filing, 'DEPARTMENT_ACCEPT');
    await step(projectId, `${name}: expert review`, u.development, filing, 'START_SPECIAL_PROCEDURE', {
      procedure: 'expertReview',
      reason: '需专家论证',
    });
    await advance(projectId, 10);
    await step(projectId, `${name}: expert review ended`, u.development, filing, 'END_SPECIAL_PROCEDURE');
    await workQueues(projectId, `${name} landPlanning`, 'landPlanning');
    expectNoViolations(projectId);
  });

  it('桩基先行 refused: the refusal is final, the construction permit stage goes on by the queues', async () => {
    const name = '启安桩基退回项目';
    const projectId = await file(name, { foundationFirst: true });
    await fastForward(() => workQueues(projectId, `${name} landPlanning`, 'landPlanning'));
    const foundation = await childId(projectId, 'foundation');
    const application = foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]);
    await step(projectId, `${name}: applied`, u.ent, foundation, 'APPLY_FOUNDATION_PERMIT', application);
    await workQueues(projectId, `${name} engineeringPermit`, 'engineeringPermit');
    await step(projectId, `${name}: foundation refused`, u.housing, foundation, 'REFUSE_FOUNDATION_PERMIT', {
      reason: '基坑支护方案未审',
    });
    expect((await caseView(u.admin, foundation)).state).toBe('refused');
    await workQueues(projectId, `${name} constructionPermit`, 'constructionPermit');
    expectNoViolations(projectId);
  });

  it('桩基先行: the above-ground permit refused, then applied for again after changes and issued', async () => {
    const name = '启安地上部分退回项目';
    const projectId = await file(name, { foundationFirst: true });
    await fastForward(() => workQueues(projectId, `${name} landPlanning`, 'landPlanning'));
    const foundation = await childId(projectId, 'foundation');
    const application = foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]);
    await fastForward(async () => {
      await step(projectId, `${name}: applied`, u.ent, foundation, 'APPLY_FOUNDATION_PERMIT', application);
      await workQueues(projectId, `${name} engineeringPermit`, 'engineeringPermit');
      await step(projectId, `${name}: foundation issued`, u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
      await step(projectId, `${name}: work started`, u.ent, foundation, 'WORK_STARTED');
      await workQueues(projectId, `${name} constructionPermit`, 'constructionPermit');
    });
    await step(projectId, `${name}: above ground applied`, u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT');
    await step(projectId, `${name}: above ground refused`, u.housing, foundation, 'REFUSE_ABOVE_GROUND_PERMIT', {
      reason: '上部结构设计变更未审',
    });
    await step(projectId, `${name}: above ground again`, u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT', {
      note: '已按审查意见修改',
    });
    await step(projectId, `${name}: above ground issued`, u.housing, foundation, 'ISSUE_ABOVE_GROUND_PERMIT');
    expect((await caseView(u.admin, foundation)).state).toBe('aboveGroundPermitted');
    expectNoViolations(projectId);
  });
  it('不予受理, 一次性告知 and 不予许可: the window sends one back for correction, refuses another; a department refuses', async () => {
    const name = '启安退件项目';
    const projectId = await file(name, {});
    const title = await itemId(projectId, 'landTitleRegistration');
    await step(projectId, `${name}: window asks for everything missing`, u.window, title, 'WINDOW_REQUEST_CORRECTION', {
      missingMaterials: ['deedTaxReceipt'],
    });
    await u.ent.upload(title, 'deedTaxReceipt');
    await invariant.check(`${name}: corrected material uploaded`, [projectId]);
    await step(projectId, `${name}: correction completed at the window`, u.ent, title, 'COMPLETE_CORRECTION', {
      suppliedMaterials: ['deedTaxReceipt'],
    });
    await step(projectId, `${name}: accepted at the window`, u.window, title, 'WINDOW_ACCEPT');
    const filing = await itemId(projectId, 'projectFiling');
    await step(projectId, `${name}: filing at the window`, u.window, filing, 'WINDOW_ACCEPT');
    await step(projectId, `${name}: filing accepted`, u.development, filing, 'DEPARTMENT_ACCEPT');
    await step(projectId, `${name}: filing refused`, u.development, filing, 'REFUSE', { reason: '不符合产业政策' });
    const permit = await itemId(projectId, 'landUsePlanningPermit');
    await step(projectId, `${name}: permit not accepted`, u.window, permit, 'NOT_ACCEPT', { reason: '申请材料不齐全' });
    await workQueues(projectId, `${name} landPlanning`, 'landPlanning');
    expectNoViolations(projectId);
  });

  it('施工许可 lapses without a work-start report and is applied for again; a section with defects not rectified in time is 不予通过 and applied for again', async () => {
    const name = '启安失效与不予通过项目';
    const projectId = await file(name, {});
    await fastForward(async () => {
      for (const stage of ['landPlanning', 'engineeringPermit', 'constructionPermit'])
        await workQueues(projectId, `${name} ${stage}`, stage);
    });
    const [section] = await sectionsOf(projectId);
    const applyOf = async () =>
      (await caseView(u.ent, section.instanceId)).allowedEvents.find((e: { type: string }) => e.type === 'APPLY');
    // project-case v11: no application for acceptance before work is reported started, nor on a lapsed permit
    expect(await applyOf()).toMatchObject({ disabledReason: '尚未报告开工，不能申请竣工验收' });
    for (const days of [30, 40, 40]) await advance(projectId, days);
    const [workStart] = await t.dataSource.query(
      `SELECT state FROM workflow_instance WHERE project_id = $1 AND definition_id = 'work-start'`,
      [projectId],
    );
    expect(workStart.state).toBe('lapsed');
    expect((await applyOf())?.disabledReason).toContain('已失效');
    await step(projectId, `${name}: permit applied for again`, u.ent, projectId, 'REAPPLY_ITEM', {
      itemCode: 'constructionPermit',
    });
    await fastForward(() => workQueues(projectId, `${name} constructionPermit again`, 'constructionPermit'));
    const p = await projectView(u.ent, projectId);
    const workStarts = p.nextActions.filter((a: { definitionId: string }) => a.definitionId === 'work-start');
    expect(workStarts).toHaveLength(1);
    await step(projectId, `${name}: work started`, u.ent, workStarts[0].instanceId, 'REPORT_WORK_STARTED');
    await step(projectId, `${name}: applied`, u.ent, section.instanceId, 'APPLY');
    await step(projectId, `${name}: inspection started`, u.housing, section.instanceId, 'START_JOINT_INSPECTION');
    await step(projectId, `${name}: quality to rectify`, u.housing, section.instanceId, 'RECORD_RESULT', {
      acceptanceItem: 'qualityAcceptance',
      result: 'rectify',
    });
    await fastForward(() => workQueues(projectId, `${name}: inspection`));
    for (const days of [30, 40]) await advance(projectId, days);
    expect((await caseView(u.admin, section.instanceId)).state).toBe('notPassed');
    await step(projectId, `${name}: applied again`, u.ent, section.instanceId, 'APPLY', { note: '已整改' });
    await step(projectId, `${name}: inspected again`, u.housing, section.instanceId, 'START_JOINT_INSPECTION');
    await workQueues(projectId, `${name}: re-inspection`);
    expectNoViolations(projectId);
  });
  it('撤销 inside the current stage: once no department has anything of the project open, the re-application is the enterprise’s to-do', async () => {
    const name = '启安本阶段撤销项目';
    const projectId = await file(name, {});
    const filing = await itemId(projectId, 'projectFiling');
    const permit = await itemId(projectId, 'landUsePlanningPermit');
    const title = await itemId(projectId, 'landTitleRegistration');
    await fastForward(async () => {
      for (const [who, id, type] of [
        [u.window, filing, 'WINDOW_ACCEPT'],
        [u.development, filing, 'DEPARTMENT_ACCEPT'],
        [u.development, filing, 'APPROVE'],
        [u.window, permit, 'WINDOW_ACCEPT'],
        [u.planning, permit, 'DEPARTMENT_ACCEPT'],
        [u.planning, permit, 'APPROVE'],
        [u.window, title, 'WINDOW_ACCEPT'],
        [u.planning, title, 'DEPARTMENT_ACCEPT'],
      ] as const)
        await step(projectId, `${name}: ${type}`, who, id, type);
    });
    await step(projectId, `${name}: permit revoked`, u.planning, permit, 'REVOKE', { reason: '以欺骗手段取得' });
    await step(projectId, `${name}: title approved`, u.planning, title, 'APPROVE');
    const p = await projectView(u.ent, projectId);
    const reapply = p.nextActions.find((a: { yourEvents?: { type: string }[] }) =>
      a.yourEvents?.some((e) => e.type === 'REAPPLY_ITEM'),
    );
    expect(reapply).toBeDefined();
    expect(reapply).toMatchObject({ statusLabel: '已撤销，可重新申报', waitingOn: 'enterprise' });
    expectNoViolations(projectId);
  });
  it('退回 and 驳回: a supplied 容缺 material rejected and supplied again by the steward; a 告知承诺 refused; a problem returned, reopened', async () => {
    const name = '启安退回驳回项目';
    const projectId = await file(
      name,
      { tolerance: true, notifyCommit: true },
      { missingMaterials: { landUsePlanningPermit: ['projectFilingProof'] } },
    );
    const filing = await itemId(projectId, 'projectFiling');
    const item = await itemId(projectId, 'landUsePlanningPermit');
    await fastForward(async () => {
      for (const [who, id, type] of [
        [u.window, filing, 'WINDOW_ACCEPT'],
        [u.development, filing, 'DEPARTMENT_ACCEPT'],
        [u.development, filing, 'APPROVE'],
        [u.window, item, 'WINDOW_ACCEPT'],
        [u.planning, item, 'DEPARTMENT_ACCEPT'],
      ] as const)
        await step(projectId, `${name}: ${type}`, who, id, type);
    });
    await step(projectId, `${name}: tolerance requested`, u.steward, item, 'REQUEST_TOLERANCE', {
      commitmentLetterSigned: true,
    });
    const tolerance = await childId(item, 'tolerance:1');
    await step(projectId, `${name}: tolerance accepted`, u.planning, tolerance, 'ACCEPT_TOLERANCE');
    await step(projectId, `${name}: approved with tolerance`, u.planning, item, 'APPROVE_WITH_TOLERANCE');
    await u.steward.upload(item, 'projectFilingProof');
    await step(projectId, `${name}: supplied by the steward`, u.steward, tolerance, 'SUPPLY_MATERIAL', {
      material: 'projectFilingProof',
    });
    await step(projectId, `${name}: supplement rejected`, u.planning, tolerance, 'REVIEW_MATERIAL', {
      material: 'projectFilingProof',
      compliant: false,
      note: '未盖章',
    });
    await advance(projectId, 1);
    await u.ent.upload(item, 'projectFilingProof');
    await step(projectId, `${name}: supplied again`, u.ent, tolerance, 'SUPPLY_MATERIAL', {
      material: 'projectFilingProof',
    });
    await step(projectId, `${name}: supplement accepted`, u.planning, tolerance, 'REVIEW_MATERIAL', {
      material: 'projectFilingProof',
      compliant: true,
    });
    await workQueues(projectId, `${name} landPlanning`, 'landPlanning');
    await fastForward(async () => {
      const design = await itemId(projectId, 'designPlanReview');
      for (const [who, type] of [
        [u.window, 'WINDOW_ACCEPT'],
        [u.planning, 'DEPARTMENT_ACCEPT'],
        [u.planning, 'APPROVE'],
      ] as const)
        await step(projectId, `${name}: design ${type}`, who, design, type);
    });
    const permit = await itemId(projectId, 'engineeringPlanningPermit');
    await step(projectId, `${name}: permit at the window`, u.window, permit, 'WINDOW_ACCEPT');
    await step(projectId, `${name}: permit accepted`, u.planning, permit, 'DEPARTMENT_ACCEPT');
    await step(projectId, `${name}: 告知承诺 requested`, u.ent, permit, 'REQUEST_NOTIFY_COMMITMENT', {
      commitmentSigned: true,
      conditions: ['建筑退让符合规划条件'],
    });
    const commitment = await childId(permit, 'notifyCommitment:1');
    await step(projectId, `${name}: commitment refused`, u.planning, commitment, 'REFUSE_COMMITMENT', {
      reason: '不适用告知承诺',
    });
    await workQueues(projectId, `${name} engineeringPermit`, 'engineeringPermit');

    const raised = await u.steward.post('/api/problems', {
      projectId,
      title: '消防意见迟迟未出',
      category: 'utilities',
      department: 'housing',
      limitWorkingDays: 5,
    });
    expect(raised.status).toBe(201);
    const problem = raised.body.id as string;
    await invariant.check(`${name}: problem raised`, [projectId]);
    await step(projectId, `${name}: problem assigned`, u.steward, problem, 'ASSIGN');
    await step(projectId, `${name}: problem returned`, u.housing, problem, 'RETURN_PROBLEM', { reason: '不属本部门' });
    await step(projectId, `${name}: problem assigned again`, leaders[projectId], problem, 'ASSIGN');
    await step(projectId, `${name}: problem handled`, u.housing, problem, 'START_HANDLING');
    await step(projectId, `${name}: problem resolved`, u.housing, problem, 'RESOLVE', { resolution: '已出具意见' });
    await step(projectId, `${name}: problem reopened`, u.steward, problem, 'REOPEN', { reason: '意见未送达' });
    await advance(projectId, 8);
    expectNoViolations(projectId);
  });
  it('分段竣工验收, both sections applied for together and inspected side by side by the queues', async () => {
    const name = '启安并行分段验收项目';
    const projectId = await file(
      name,
      { stagedAcceptance: true },
      {
        industrial: true,
        sections: [
          { name: '1#前驱体车间', area: 8000 },
          { name: '2#仓库', area: 3000 },
        ],
      },
    );
    await fastForward(async () => {
      for (const stage of ['landPlanning', 'engineeringPermit', 'constructionPermit'])
        await workQueues(projectId, `${name} ${stage}`, stage);
    });
    await reportWorkStarted(projectId, name);
    const sections = await sectionsOf(projectId);
    for (const section of [...sections].reverse()) {
      await step(projectId, `${name}: ${section.name} applied`, u.ent, section.instanceId, 'APPLY');
      await step(
        projectId,
        `${name}: ${section.name} inspection started`,
        u.housing,
        section.instanceId,
        'START_JOINT_INSPECTION',
      );
    }
    await workQueues(projectId, `${name}: both inspected`);
    for (const section of sections) expect((await caseView(u.admin, section.instanceId)).state).toBe('accepted');
    expectNoViolations(projectId);
  });

  it('桩基先行 with a 告知承诺 in rectification: the above-ground permit blocked until it is confirmed rectified', async () => {
    const name = '启安桩基整改项目';
    const projectId = await file(name, { foundationFirst: true, notifyCommit: true });
    const commitment = await planningPermitOnCommitment(projectId, name);
    const foundation = await childId(projectId, 'foundation');
    const application = foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]);
    await step(projectId, `${name}: foundation applied`, u.ent, foundation, 'APPLY_FOUNDATION_PERMIT', application);
    await step(projectId, `${name}: foundation issued`, u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
    await step(projectId, `${name}: work started`, u.ent, foundation, 'WORK_STARTED');
    await fastForward(() => workQueues(projectId, `${name} constructionPermit`, 'constructionPermit'));
    await step(projectId, `${name}: commitment found wanting`, u.planning, commitment, 'VERIFY', {
      method: 'siteInspection',
      compliant: false,
      findings: '退让不足',
    });
    await step(projectId, `${name}: above ground applied`, u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT');
    await advance(projectId, 3);
    await step(projectId, `${name}: rectification reported`, u.ent, commitment, 'REPORT_RECTIFIED', { note: '已整改' });
    await step(projectId, `${name}: rectification confirmed`, u.planning, commitment, 'CONFIRM_RECTIFIED', {
      note: '符合',
    });
    expectNoViolations(projectId);
  });

  it('桩基先行: a foundation permit whose work never starts lapses', async () => {
    const name = '启安桩基失效项目';
    const projectId = await file(name, { foundationFirst: true });
    await fastForward(() => workQueues(projectId, `${name} landPlanning`, 'landPlanning'));
    const foundation = await childId(projectId, 'foundation');
    const application = foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]);
    await step(projectId, `${name}: applied`, u.ent, foundation, 'APPLY_FOUNDATION_PERMIT', application);
    await fastForward(() => workQueues(projectId, `${name} engineeringPermit`, 'engineeringPermit'));
    await step(projectId, `${name}: issued`, u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
    for (const days of [60, 60]) await advance(projectId, days);
    expect((await caseView(u.admin, foundation)).state).toBe('lapsed');
    await workQueues(projectId, `${name} constructionPermit`, 'constructionPermit');
    expectNoViolations(projectId);
  });

  // Last: the breach bars the enterprise from 容缺 (an unrepaired 容缺 breach, DOMAIN.md "Credit").
  it('时限届满: a 容缺 material never supplied is breached and the approval revoked; the enterprise re-applies', async () => {
    const name = '启安容缺逾期项目';
    const projectId = await file(
      name,
      { tolerance: true },
      { missingMaterials: { landUsePlanningPermit: ['projectFilingProof'] } },
    );
    const filing = await itemId(projectId, 'projectFiling');
    const item = await itemId(projectId, 'landUsePlanningPermit');
    await fastForward(async () => {
      for (const [who, id, type] of [
        [u.window, filing, 'WINDOW_ACCEPT'],
        [u.development, filing, 'DEPARTMENT_ACCEPT'],
        [u.development, filing, 'APPROVE'],
        [u.window, item, 'WINDOW_ACCEPT'],
        [u.planning, item, 'DEPARTMENT_ACCEPT'],
      ] as const)
        await step(projectId, `${name}: ${type}`, who, id, type);
    });
    await step(projectId, `${name}: tolerance requested`, u.ent, item, 'REQUEST_TOLERANCE', {
      commitmentLetterSigned: true,
    });
    const tolerance = await childId(item, 'tolerance:1');
    await step(projectId, `${name}: tolerance accepted`, u.planning, tolerance, 'ACCEPT_TOLERANCE');
    await step(projectId, `${name}: approved with tolerance`, u.planning, item, 'APPROVE_WITH_TOLERANCE', {
      opinion: '容缺通过',
    });
    for (const days of [3, 10, 30]) await advance(projectId, days);
    expect((await caseView(u.admin, tolerance)).state).toBe('breached');
    const reapply = (await projectView(u.ent, projectId)).nextActions.find((a: { yourEvents?: { type: string }[] }) =>
      a.yourEvents?.some((e) => e.type === 'REAPPLY_ITEM'),
    );
    expect(reapply).toBeDefined();
    await step(projectId, `${name}: re-applied`, u.ent, reapply.instanceId, 'REAPPLY_ITEM', {
      itemCode: 'landUsePlanningPermit',
    });
    await workQueues(projectId, `${name} landPlanning again`, 'landPlanning');
    expectNoViolations(projectId);
  });
});
