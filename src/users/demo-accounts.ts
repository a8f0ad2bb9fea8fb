import type { UserRole } from './user-role';

/** Password of every demo account (demo mode only; production never has these accounts). */
export const DEMO_PASSWORD = 'demo';

/** The enterprises of the seed report (2023, 随州高新区). */
export const DEMO_ENTERPRISES: { id: string; name: string; creditCode: string | null }[] = [
  // 斯诺新材料: 10万吨锂电池负极材料一体化项目 (seed report). Credit code not published here: left empty.
  { id: 'snow-new-materials', name: '湖北斯诺新材料科技有限公司', creditCode: null },
  // The 2万吨高端铜箔 project's company is not named in the seed report: this name is illustrative only.
  { id: 'copper-foil', name: '湖北随锦铜箔科技有限公司', creditCode: null },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  role: UserRole;
  department?: string;
  enterpriseId?: string;
  /** The steward (and the leader) is assigned to the projects the seeding passes in. */
  assignedToDemoProjects?: boolean;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'clerk-window', displayName: '综合窗口 受理员', role: 'clerk', department: 'window' },
  { username: 'clerk-planning', displayName: '自然资源和规划局 审查员', role: 'clerk', department: 'planning' },
  { username: 'clerk-housing', displayName: '住房和城乡建设局 审查员', role: 'clerk', department: 'housing' },
  { username: 'clerk-fire', displayName: '消防救援大队 审查员', role: 'clerk', department: 'fire' },
  // The other departments of the catalog, so every demo step has a real person behind it.
  { username: 'clerk-development', displayName: '发展改革局 审查员', role: 'clerk', department: 'development' },
  { username: 'clerk-civil-defense', displayName: '人防办 审查员', role: 'clerk', department: 'civilDefense' },
  { username: 'clerk-archives', displayName: '城建档案馆 审查员', role: 'clerk', department: 'archives' },
  { username: 'steward', displayName: '项目管家', role: 'steward', assignedToDemoProjects: true },
  // 项目长 (包保制): leads both demo projects.
  { username: 'leader', displayName: '项目长 张主任', role: 'leader', assignedToDemoProjects: true },
  {
    username: 'enterprise-snow',
    displayName: '湖北斯诺新材料科技有限公司 项目联系人',
    role: 'enterprise',
    enterpriseId: 'snow-new-materials',
  },
  {
    username: 'enterprise-copper',
    displayName: '湖北随锦铜箔科技有限公司 项目联系人',
    role: 'enterprise',
    enterpriseId: 'copper-foil',
  },
  { username: 'auditor', displayName: '审计监察员', role: 'auditor' },
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
];
