/**
 * The zone command's demo data, seeded with the demo projects: both are key projects led by the demo leader
 * (项目长) with the demo steward and a 1+1+N team; a battle map each (one milestone slipping, one close); a
 * Saturday on-site meeting (现场办公) that raised problems now in several states (待交办, 已交办, 办理中 with an
 * escalation, 已解决 awaiting confirmation, 已办结). Every problem step is a real event through the write path.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { INSTANCE_CREATED, type Actor } from '../../workflows/contract';
import { DEFINITION_IDS } from '../../workflows/protocol';
import type { AuthUser } from '../auth/auth-user';
import type { CommandService } from '../cases/command.service';
import { beijingDate } from '../zone/milestone-status';

const DAY = 86_400_000;

interface DemoProblem {
  project: 'snow' | 'copper';
  raisedBy: 'enterprise' | 'steward' | 'leader';
  title: string;
  category: string;
  department: string;
  limitWorkingDays: number;
  /** Events after raising, by whom. */
  steps: [type: string, who: 'enterprise' | 'steward' | 'leader' | 'clerk', payload?: Record<string, unknown>][];
}

const PROBLEMS: DemoProblem[] = [
  {
    project: 'snow',
    raisedBy: 'enterprise',
    title: '石墨化车间施工临时用电增容',
    category: 'utilities',
    department: 'development',
    limitWorkingDays: 5,
    steps: [
      ['ASSIGN', 'leader', { note: '发改局牵头协调供电公司' }],
      ['START_HANDLING', 'clerk'],
      ['RESOLVE', 'clerk', { resolution: '供电公司已完成增容接入' }],
      ['CONFIRM_RESOLVED', 'enterprise', { note: '已通电，满意' }],
    ],
  },
  {
    project: 'snow',
    raisedBy: 'steward',
    title: '石墨化车间消防验收意见出具较慢',
    category: 'approvalProcedure',
    department: 'fire',
    limitWorkingDays: 3,
    steps: [
      ['ASSIGN', 'steward'],
      ['START_HANDLING', 'clerk'],
      ['ESCALATE', 'leader', { reason: '影响年底投产，请消防救援大队主要负责人督办' }],
    ],
  },
  {
    project: 'snow',
    raisedBy: 'leader',
    title: '厂区南侧道路施工占道',
    category: 'constructionEnvironment',
    department: 'planning',
    limitWorkingDays: 5,
    steps: [['ASSIGN', 'leader']],
  },
  {
    project: 'copper',
    raisedBy: 'enterprise',
    title: '上部结构施工图审查排期',
    category: 'approvalProcedure',
    department: 'housing',
    limitWorkingDays: 5,
    steps: [
      ['ASSIGN', 'steward'],
      ['START_HANDLING', 'clerk'],
      ['RESOLVE', 'clerk', { resolution: '已安排联合审图，3个工作日内出具意见' }],
    ],
  },
  {
    project: 'copper',
    raisedBy: 'steward',
    title: '设备购置补贴政策兑现申报',
    category: 'policyFulfilment',
    department: 'development',
    limitWorkingDays: 10,
    steps: [],
  },
];

/** Milestones relative to today (days); null = not reached. */
const MILESTONES: Record<'snow' | 'copper', [code: string, planned: number, actual: number | null][]> = {
  snow: [
    ['signing', -200, -205],
    ['landSupply', -170, -168],
    ['workStart', -120, -121],
    // 滞后: planned ten days ago, not reached.
    ['structureComplete', -10, null],
    ['equipmentInstalled', 5, null],
    ['production', 30, null],
    ['completion', 90, null],
  ],
  copper: [
    ['signing', -90, -92],
    ['landSupply', -60, -60],
    // Close: work start is planned in three days.
    ['workStart', 3, null],
    ['structureComplete', 150, null],
    ['equipmentInstalled', 200, null],
    ['production', 240, null],
    ['completion', 300, null],
  ],
};

const NAMES: Record<string, string> = {
  signing: '签约',
  landSupply: '供地',
  workStart: '开工',
  structureComplete: '主体完工',
  equipmentInstalled: '设备进场',
  production: '投产',
  completion: '竣工',
};

export async function seedZone(
  m: EntityManager,
  commands: CommandService,
  projectIds: Record<string, string>,
  accounts: Map<string, AuthUser>,
  now: Date,
): Promise<void> {
  const leader = accounts.get('leader');
  const steward = accounts.get('steward');
  if (!leader || !steward) throw new Error('the demo leader and steward accounts are missing');
  const projects = (
    await m.query(`SELECT id, enterprise_id FROM project WHERE id = ANY($1::uuid[])`, [Object.values(projectIds)])
  ).map((r: { id: string; enterprise_id: string }) => r);
  const enterpriseOf = (id: string) => projects.find((p: { id: string }) => p.id === id)!.enterprise_id as string;
  const contacts: Record<string, string> = { snow: '斯诺新材料 基建部 周经理', copper: '随锦铜箔 项目部 吴经理' };
  for (const [key, id] of Object.entries(projectIds)) {
    await m.query(
      `INSERT INTO project_team (project_id, key_project, leader_user_id, steward_user_id, enterprise_contact, liaisons)
       VALUES ($1, true, $2, $3, $4, $5) ON CONFLICT (project_id) DO NOTHING`,
      [
        id,
        leader.id,
        steward.id,
        { name: contacts[key] ?? '企业联系人' },
        {
          development: { name: '发展改革局 联络员 李敏' },
          planning: { name: '自然资源和规划局 联络员 刘洋' },
          housing: { name: '住房和城乡建设局 联络员 陈刚' },
          fire: { name: '消防救援大队 联络员 赵强' },
        },
      ],
    );
    const rows = MILESTONES[key as 'snow' | 'copper'] ?? [];
    for (const [position, [code, planned, actual]] of rows.entries()) {
      await m.query(
        `INSERT INTO project_milestone (project_id, code, name, position, planned_on, actual_on, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [
          id,
          code,
          NAMES[code],
          position + 1,
          beijingDate(new Date(now.getTime() + planned * DAY)),
          actual === null ? null : beijingDate(new Date(now.getTime() + actual * DAY)),
          steward.id,
        ],
      );
    }
  }
  // Last Saturday's on-site meeting (周六现场办公) at 斯诺新材料, dispatching both projects.
  const today = new Date(beijingDate(now));
  const saturday = new Date(today.getTime() - ((today.getUTCDay() + 1) % 7 || 7) * DAY);
  const meetingId = randomUUID();
  await m.query(
    `INSERT INTO meeting (id, held_on, type, place, link, leader_user_id, attendees, project_ids, reviewed_problem_ids,
                          decisions, created_by)
     VALUES ($1, $2, 'onSite', $3, NULL, $4, $5, $6, '{}', $7, $8)`,
    [
      meetingId,
      saturday.toISOString().slice(0, 10),
      '湖北斯诺新材料科技有限公司 项目现场',
      leader.id,
      [
        '项目长 张主任',
        '项目管家',
        '发展改革局',
        '自然资源和规划局',
        '住房和城乡建设局',
        '消防救援大队',
        '两家企业负责人',
      ],
      Object.values(projectIds),
      [
        '石墨化车间临时用电由发改局牵头，5个工作日内协调解决',
        '消防验收意见须在3个工作日内出具',
        '铜箔项目上部结构施工图审查优先排期',
      ],
      leader.id,
    ],
  );
  // The departments' demo clerks act on the problems assigned to them.
  const clerks = new Map<string, string>(
    (
      await m.query(`SELECT DISTINCT ON (department) department, id FROM app_user
                      WHERE role = 'clerk' AND active ORDER BY department, username`)
    ).map((r: { department: string; id: string }) => [r.department, r.id]),
  );
  // Problems raised at the meeting, a few seconds apart and ending just before now.
  const steps = PROBLEMS.reduce((n, p) => n + p.steps.length + 1, 0);
  let tick = 0;
  const at = () => new Date(now.getTime() - (steps - tick++) * 1000).toISOString();
  for (const problem of PROBLEMS) {
    const projectId = projectIds[problem.project];
    if (!projectId) continue;
    const enterpriseId = enterpriseOf(projectId);
    const enterpriseUser = accounts.get(problem.project === 'snow' ? 'enterprise-snow' : 'enterprise-copper');
    const actorOf = (who: 'enterprise' | 'steward' | 'leader' | 'clerk', department = problem.department): Actor =>
      who === 'enterprise'
        ? { userId: enterpriseUser!.id, role: 'enterprise', enterpriseId }
        : who === 'steward'
          ? { userId: steward.id, role: 'steward', onBehalfOf: enterpriseId }
          : who === 'leader'
            ? { userId: leader.id, role: 'leader' }
            : { userId: clerks.get(department) ?? `seed-clerk-${department}`, role: 'clerk', department };
    const raiser = actorOf(problem.raisedBy);
    const id = randomUUID();
    const created = await commands.create(m, {
      id,
      definitionId: DEFINITION_IDS.problem,
      definitionVersion: 1,
      projectId,
      event: {
        type: INSTANCE_CREATED,
        actor: raiser,
        occurredAt: at(),
        payload: {
          projectId,
          enterpriseId,
          title: problem.title,
          category: problem.category,
          department: problem.department,
          limitWorkingDays: problem.limitWorkingDays,
          meetingId,
          raisedBy: { userId: raiser.userId, role: raiser.role },
        },
      },
    });
    if (!created.ok) throw new Error(`demo problem ${problem.title}: ${created.message}`);
    for (const [type, who, payload] of problem.steps) {
      const result = await commands.apply(m, {
        instanceId: id,
        type,
        payload: payload ?? {},
        actor: actorOf(who),
        occurredAt: at(),
      });
      if (!result.ok) throw new Error(`demo problem ${problem.title}: ${type} refused: ${result.message}`);
    }
  }
}
