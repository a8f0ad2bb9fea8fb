import { roleShapeProblems } from './users.service';

const fields = (u: Parameters<typeof roleShapeProblems>[0]) => roleShapeProblems(u).map((p) => p.field);

describe('the shape of a user by role', () => {
  it('accepts each role with exactly its own attributes', () => {
    expect(fields({ role: 'clerk', department: 'fire' })).toEqual([]);
    expect(fields({ role: 'enterprise', enterpriseId: 'copper-foil' })).toEqual([]);
    expect(fields({ role: 'steward', assignedProjectIds: ['11111111-1111-4111-8111-111111111111'] })).toEqual([]);
    expect(fields({ role: 'auditor' })).toEqual([]);
    expect(fields({ role: 'admin' })).toEqual([]);
  });

  it('requires a known department of a clerk and an enterprise of an enterprise user', () => {
    expect(fields({ role: 'clerk' })).toEqual(['department']);
    expect(fields({ role: 'clerk', department: 'police' })).toEqual(['department']);
    expect(fields({ role: 'enterprise' })).toEqual(['enterpriseId']);
  });

  it('refuses attributes that do not belong to the role', () => {
    expect(fields({ role: 'auditor', department: 'fire', enterpriseId: 'x' })).toEqual(['department', 'enterpriseId']);
    expect(fields({ role: 'clerk', department: 'fire', assignedProjectIds: ['p'] })).toEqual(['assignedProjectIds']);
    expect(fields({ role: 'system' })).toEqual(['role']);
  });
});
