import { stageStep, type StageItemFact } from './stage-step';

const item = (status: StageItemFact['status'], more: Partial<StageItemFact> = {}): StageItemFact => ({
  required: true,
  status,
  lapsed: false,
  ...more,
});

describe('stageStep: a stage header follows its items', () => {
  it('a stage not reached with an item opened early reads 进行中 (xa C1), with none started 未开始', () => {
    expect(stageStep('ahead', null, [item('open'), item('pending')])).toEqual({
      status: 'inProgress',
      statusLabel: '进行中',
    });
    expect(stageStep('ahead', null, [item('pending'), item('pending')])).toEqual({
      status: 'notReached',
      statusLabel: '未开始',
    });
  });

  it('the current stage with a required item revoked reads 已撤销，待重新申报 (xb 15); otherwise 进行中', () => {
    expect(stageStep('current', null, [item('revoked'), item('open')])).toEqual({
      status: 'inProgress',
      statusLabel: '已撤销，待重新申报',
    });
    expect(stageStep('current', null, [item('revoked', { lapsed: true })]).statusLabel).toBe(
      '施工许可证已失效，待重新申报',
    );
    expect(stageStep('current', null, [item('revoked', { required: false }), item('open')]).statusLabel).toBe('进行中');
    expect(stageStep('current', null, [item('approved'), item('open')]).statusLabel).toBe('进行中');
  });

  it('a passed stage is 已完成, or what its reopening says', () => {
    expect(stageStep('passed', null, [item('approved')])).toEqual({ status: 'done', statusLabel: '已完成' });
    expect(stageStep('passed', '已撤销，重新申报办理中', [item('open')])).toEqual({
      status: 'inProgress',
      statusLabel: '已撤销，重新申报办理中',
    });
  });
});
