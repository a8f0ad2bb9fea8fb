/**
 * The zh-CN names of the API's request fields, for validation messages people read ("「项目名称」必须填写");
 * the field's own name stays in `details`. A field missing here is named by its place in the form instead.
 */
export const FIELD_NAMES: Readonly<Record<string, string>> = {
  active: '启用状态',
  actualOn: '实际日期',
  area: '建筑面积',
  assignedProjectIds: '负责的项目',
  attendees: '参会人员',
  category: '项目类别',
  civilDefense: '人防处理方式',
  code: '里程碑代码',
  date: '日期',
  days: '推进天数',
  decisions: '会议决定',
  department: '所属部门',
  description: '问题描述',
  displayName: '姓名',
  enterpriseContact: '企业联系人',
  enterpriseId: '建设单位',
  evidence: '修复依据',
  format: '导出格式',
  foundationFirst: '桩基先行',
  heldOn: '会议日期',
  holidays: '节假日',
  industrial: '工业项目',
  investmentAmount: '总投资（万元）',
  investorType: '投资主体',
  jointIssuance: '联合发证',
  keyProject: '重点项目',
  landSupplyMode: '土地供应方式',
  leaderUserId: '项目长',
  liaisons: '联络员',
  limit: '每页条数',
  limitWorkingDays: '办结时限（工作日）',
  link: '会议链接',
  meetingId: '会议',
  milestones: '里程碑',
  missingMaterials: '容缺材料',
  name: '名称',
  notifyCommit: '告知承诺制',
  offset: '起始位置',
  overdue: '逾期',
  password: '密码',
  payload: '办理内容',
  permittedFloorArea: '规划许可总建筑面积',
  phone: '联系电话',
  place: '地点',
  plannedOn: '计划日期',
  practices: '办理方式',
  projectId: '项目',
  projectIds: '调度的项目',
  q: '搜索内容',
  reason: '理由',
  requiredGreenRatio: '规划要求绿地率',
  reviewedProblemIds: '复核的问题',
  role: '角色',
  sections: '验收分段',
  source: '来源',
  specialConstruction: '特殊建设工程',
  stage: '阶段',
  stagedAcceptance: '分段竣工验收',
  state: '状态',
  status: '状态',
  stewardUserId: '项目管家',
  title: '标题',
  tolerance: '容缺受理',
  toVersion: '目标版本',
  type: '办理事项',
  username: '用户名',
  warning: '预警',
  workdays: '调休上班日',
  year: '年份',
};

/** What a class-validator constraint means, in zh-CN (its English text stays in details). */
const CONSTRAINTS: Readonly<Record<string, string>> = {
  isNotEmpty: '必须填写',
  isDefined: '必须填写',
  isString: '应为文字',
  isBoolean: '应为是/否',
  isInt: '应为整数',
  isNumber: '应为数字',
  maxDecimalPlaces: '小数位数过多',
  isArray: '应为列表',
  isObject: '格式不正确',
  isIn: '不是可选的值',
  isEnum: '不是可选的值',
  isUuid: '编号格式不正确',
  isDateString: '应为日期',
  isIso8601: '应为日期',
  matches: '格式不正确',
  min: '数值过小',
  max: '数值过大',
  minLength: '太短',
  maxLength: '太长',
  isLength: '长度不符合要求',
  arrayMinSize: '项数太少',
  arrayMaxSize: '项数太多',
  arrayUnique: '有重复项',
  whitelistValidation: '不应填写',
  nestedValidation: '格式不正确',
};

/** The zh-CN name of a field path ('sections.0.name', 'milestones[2].plannedOn'): '名称（第 1 项）'. */
export function fieldName(field: string): string {
  const parts = field.split(/[.[\]]/).filter((p) => p !== '');
  const last = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? field;
  const index = parts.find((p) => /^\d+$/.test(p));
  return `${FIELD_NAMES[last] ?? '字段'}${index !== undefined ? `（第 ${Number(index) + 1} 项）` : ''}`;
}

/** '「项目名称」必须填写' for a field path ('sections.0.name') and its constraint keys. */
export function fieldProblem(field: string, constraints: string[]): string {
  return `「${fieldName(field)}」${constraintText(constraints)}`;
}

/** What is wrong with a field, in Chinese, without its name (a form shows it beside the field's own label). */
export function constraintText(constraints: string[]): string {
  return [...new Set(constraints.map((c) => CONSTRAINTS[c] ?? '不符合要求'))].join('，');
}
