import { suizhouHighTechZoneCatalog } from '../../workflows/catalog';
import { DEPARTMENT_CODES } from './user-role';

describe('department codes of users', () => {
  it('are exactly the departments of the workflow catalog', () => {
    expect([...DEPARTMENT_CODES].sort()).toEqual(suizhouHighTechZoneCatalog.departments.map((d) => d.code).sort());
  });
});
