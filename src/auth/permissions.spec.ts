import { USER_ROLES, type UserRole } from '../users/user-role';
import { ALL_PERMISSIONS, PERMISSIONS, roleHas, scopeOf, type Permission, type Scope } from './permissions';

const ROLES: UserRole[] = ['enterprise', 'steward', 'leader', 'clerk', 'auditor', 'admin'];
type Cell = Scope | '-';

// The expected matrix, written out by hand: a change to PERMISSIONS must change this too.
//                                    enterprise  steward     leader      clerk         auditor  admin
const EXPECTED: Record<Permission, [Cell, Cell, Cell, Cell, Cell, Cell]> = {
  'project:create': /*           */ ['own', 'assigned', '-', 'department', '-', '-'],
  'project:read': /*             */ ['own', 'assigned', 'assigned', 'department', 'any', 'any'],
  'case:read': /*                */ ['own', 'assigned', 'assigned', 'department', 'any', 'any'],
  'case:act': /*                 */ ['own', 'assigned', 'assigned', 'department', '-', '-'],
  'material:upload': /*          */ ['own', 'assigned', '-', '-', '-', '-'],
  'task:read': /*                */ ['own', 'assigned', 'assigned', 'department', 'any', '-'],
  'history:read': /*             */ ['own', 'assigned', 'assigned', 'department', 'any', '-'],
  'heads:read': /*               */ ['-', '-', '-', '-', 'any', 'any'],
  'definition:read': /*          */ ['any', 'any', 'any', 'any', 'any', 'any'],
  'definition:migrate': /*       */ ['-', '-', '-', '-', '-', 'any'],
  'catalog:read': /*             */ ['any', 'any', 'any', 'any', 'any', 'any'],
  'catalog:manage': /*           */ ['-', '-', '-', '-', '-', 'any'],
  'calendar:read': /*            */ ['any', 'any', 'any', 'any', 'any', 'any'],
  'calendar:manage': /*          */ ['-', '-', '-', '-', '-', 'any'],
  'problem:raise': /*            */ ['own', 'assigned', 'assigned', '-', '-', '-'],
  'problem:read': /*             */ ['own', 'assigned', 'assigned', 'department', 'any', 'any'],
  'meeting:manage': /*           */ ['-', 'assigned', 'assigned', '-', '-', '-'],
  'meeting:read': /*             */ ['own', 'assigned', 'assigned', '-', 'any', 'any'],
  'milestone:read': /*           */ ['own', 'assigned', 'assigned', 'department', 'any', 'any'],
  'milestone:manage': /*         */ ['-', 'assigned', 'assigned', '-', '-', '-'],
  'zone:read': /*                */ ['-', 'assigned', 'assigned', '-', 'any', 'any'],
  'team:manage': /*              */ ['-', '-', '-', '-', '-', 'any'],
  'notification:read': /*        */ ['own', 'own', 'own', 'own', 'own', 'own'],
  'savingsReport:read': /*       */ ['own', 'assigned', 'assigned', '-', 'any', 'any'],
  'zoneReport:read': /*          */ ['-', '-', 'any', 'department', 'any', 'any'],
  'metrics:read': /*             */ ['-', '-', '-', '-', '-', 'any'],
  'user:manage': /*              */ ['-', '-', '-', '-', '-', 'any'],
  'clock:advance': /*            */ ['-', '-', '-', '-', '-', 'any'],
  'credit:read': /*              */ ['own', '-', '-', 'any', 'any', 'any'],
  'credit:repair': /*            */ ['-', '-', '-', '-', '-', 'any'],
  'enterprise:lookup': /*        */ ['-', 'any', '-', 'department', '-', 'any'],
};

describe('the permission table', () => {
  it('covers every role there is', () => {
    expect([...ROLES].sort()).toEqual([...USER_ROLES].sort());
  });

  it('lists exactly the permissions of the expected matrix', () => {
    expect([...ALL_PERMISSIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = ALL_PERMISSIONS.flatMap((permission) =>
    ROLES.map((role, i) => ({ permission, role, expected: EXPECTED[permission][i] })),
  );
  it.each(cases)('$permission × $role → $expected', ({ permission, role, expected }) => {
    expect(scopeOf(role, permission) ?? '-').toBe(expected);
    expect(roleHas(role, permission)).toBe(expected !== '-');
  });

  it('gives the auditor no permission that changes anything', () => {
    const writes = ALL_PERMISSIONS.filter((p) => !/:read$/.test(p));
    expect(writes.filter((p) => roleHas('auditor', p))).toEqual([]);
  });

  it('denies roles it does not know, including the engine-only system role and prototype keys', () => {
    for (const p of ALL_PERMISSIONS) {
      for (const role of ['system', 'root', '', 'toString', '__proto__', 'constructor']) {
        expect(roleHas(role, p)).toBe(false);
      }
    }
  });

  it('uses only known roles and scopes in the table', () => {
    for (const row of Object.values(PERMISSIONS)) {
      for (const [role, scope] of Object.entries(row)) {
        expect(USER_ROLES).toContain(role);
        expect(['own', 'assigned', 'department', 'any']).toContain(scope);
      }
    }
  });
});
