import type { EventSpec } from '../../workflows/contract';
import { closedItemLabel, reapplyOfferedFor } from './reapplication';

const reapply = (codes: string[], disabledReason?: string): EventSpec => ({
  type: 'REAPPLY_ITEM',
  label: '重新申报事项',
  roles: ['enterprise', 'steward'],
  ...(disabledReason ? { disabledReason } : {}),
  payloadSchema: {
    type: 'object',
    properties: { itemCode: { type: 'string', oneOf: codes.map((c) => ({ const: c, title: c })) } },
  },
});

describe('re-application rows of items that ended without a decision', () => {
  it('say how the item ended: 不予受理, 撤回, 撤件', () => {
    const exit = (kind: 'notAccepted' | 'recalled' | 'withdrawn') => ({ kind, reason: '', at: '', by: '' });
    expect(closedItemLabel(exit('notAccepted'))).toBe('不予受理，可重新申报');
    expect(closedItemLabel(exit('recalled'))).toBe('已撤回，可重新申报');
    expect(closedItemLabel(exit('withdrawn'))).toBe('已撤件，可重新申报');
    expect(closedItemLabel(null)).toBe('已终止，可重新申报');
  });

  it('are offered only for an item the enabled REAPPLY_ITEM lets one choose', () => {
    const offered = reapplyOfferedFor([reapply(['landTitleRegistration'])]);
    expect(offered('landTitleRegistration')).toBe(true);
    expect(offered('projectFiling')).toBe(false);
    expect(reapplyOfferedFor([reapply(['landTitleRegistration'], '项目已竣工验收')])('landTitleRegistration')).toBe(
      false,
    );
    expect(reapplyOfferedFor([])('landTitleRegistration')).toBe(false);
  });
});
