import { registry } from '../../workflows/registry';
import { toMermaid } from './mermaid';

describe('toMermaid', () => {
  it('draws the approval item with nested states, initial and final states and labelled transitions', () => {
    const d = registry.getDefinition('approval-item', 1)!;
    const text = toMermaid(d.machine as never, { labelOf: (t) => d.events[t]?.label });
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(text).toContain('[*] --> approvalItem_received');
    expect(text).toContain('approvalItem_received --> approvalItem_windowAccepted : 窗口受理 WINDOW_ACCEPT');
    expect(text).toContain('state "departmentAccepted" as approvalItem_departmentAccepted {');
    expect(text).toContain('[*] --> approvalItem_departmentAccepted_reviewing');
    expect(text).toContain('approvalItem_refused --> [*]');
  });

  it('draws every region of a parallel machine and eventless transitions with their guard', () => {
    const d = registry.getDefinition('project-case', 1)!;
    const text = toMermaid(d.machine as never, { labelOf: (t) => d.events[t]?.label });
    expect(text).toContain('state "projectCase" as projectCase {');
    expect(text).toMatch(/\n\s+--\n/);
    expect(text).toContain(
      'projectCase_stages_landPlanning --> projectCase_stages_engineeringPermit : [landPlanningDone]',
    );
    // every state of the machine appears once as a declaration
    for (const id of ['projectCase_jointIssuance_pending', 'projectCase_foundationFirst_foundationPermitted']) {
      expect(text.match(new RegExp(`as ${id}\\b`, 'g'))).toHaveLength(1);
    }
  });
});
