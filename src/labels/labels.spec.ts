import { suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2 } from '../../workflows/catalog';
import { registry } from '../../workflows/registry';
import { USER_ROLES } from '../users/user-role';
import { buildLabels } from './labels';
import { labelOfState } from './state-labels';

const labels = buildLabels([suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2], registry.definitions);

/** Every state path of a machine's state tree ('a', 'a.b', …). */
function statePaths(node: unknown, prefix = ''): string[] {
  const states: unknown = node && typeof node === 'object' && 'states' in node ? node.states : undefined;
  const children = states && typeof states === 'object' ? Object.entries(states) : [];
  const here = prefix ? [prefix] : [];
  return [...here, ...children.flatMap(([key, child]) => statePaths(child, prefix ? `${prefix}.${key}` : key))];
}

function rootOf(machine: unknown): unknown {
  return machine && typeof machine === 'object' && 'root' in machine ? machine.root : undefined;
}

describe('the labels (GET /api/labels)', () => {
  it('labels every state path of every released definition', () => {
    const missing = registry.definitions.flatMap((def) =>
      statePaths(rootOf(def.machine))
        .filter((path) => labelOfState(labels.states, def.id, path) === null)
        .map((path) => `${def.id}@${def.version}: ${path}`),
    );
    // Compound states of parallel regions are not shown alone; their leaves are.
    expect(
      missing.filter(
        (m) => !/: (stages|jointIssuance|foundationFirst|departmentAccepted|foundationPermitted)$/.test(m),
      ),
    ).toEqual([]);
  });

  it('labels every event of every definition, every role, department, item and material', () => {
    for (const def of registry.definitions)
      for (const type of Object.keys(def.events)) expect(labels.events[type]).toBeTruthy();
    for (const role of USER_ROLES) expect(labels.roles[role]).toBeTruthy();
    for (const c of [suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2]) {
      for (const d of c.departments) expect(labels.departments[d.code]).toBe(d.name);
      for (const i of c.items) {
        expect(labels.items[i.code]).toBeTruthy();
        for (const m of i.materials) expect(labels.materials[m.code]).toBeTruthy();
      }
    }
    expect(labels.events.INSTANCE_CREATED).toBe('创建案件');
    expect(labels.events.NOTICE_STORED).toBe('文书存档');
    // The history names what was sent by the event's own schema.
    expect(labels.payloadFields.START_SPECIAL_PROCEDURE.procedure).toBe('特别程序');
    expect(Object.keys(labels.payloadFields.WITHDRAW)).toContain('reason');
  });

  it('speaks Chinese: no label is a code, a path or English', () => {
    const { states, payloadFields, ...flat } = labels;
    const all = [
      ...Object.values(flat).flatMap((table) => Object.values(table)),
      ...Object.values(states).flatMap((table) => Object.values(table)),
      ...Object.values(payloadFields).flatMap((table) => Object.values(table)),
    ];
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((v) => typeof v !== 'string' || !/[\u4e00-\u9fff]/.test(v) || /[A-Za-z]{2,}/.test(v))).toEqual(
      [],
    );
  });

  it("labels a project case's parallel state region by region, leaving out the practices not declared", () => {
    expect(
      labelOfState(
        labels.states,
        'project-case',
        'stages.engineeringPermit|jointIssuance.pending|foundationFirst.notDeclared',
      ),
    ).toBe('工程建设许可阶段，待联合发证');
    expect(labelOfState(labels.states, 'approval-item', 'departmentAccepted.reviewing')).toBe('部门审查中');
    expect(labelOfState(labels.states, 'approval-item', 'nowhere')).toBeNull();
    expect(labelOfState(labels.states, 'no-such-definition', 'received')).toBeNull();
  });
});
