/**
 * project-case v9: the whole-process clock counts the housing department's review of the 桩基先行 permits (DOMAIN.md,
 * "Whole-process clock": it runs while anything of the project is with a department). Its foundation permit
 * (foundation-permit v6, V9_CHILD_VERSIONS) says when an application passes to the department
 * (FOUNDATION_WITH_DEPARTMENT) and when it leaves it (FOUNDATION_WITH_ENTERPRISE: decided, refused, or the permit
 * ended); governmentWorking reads `foundationWithDepartment`. v3–v8 never set it: their foundation permit (v2–v5)
 * says nothing, and their clock stands through both reviews (v8 reads that pause 桩基先行施工期间).
 */
import { PROJECT_CASE_V9 } from '../../protocol';
import type { ProjectCaseContext } from '../project-case.types';

/** The first project-case version that takes the foundation permit's holder notices. */
export const FOUNDATION_REVIEW_VERSION = PROJECT_CASE_V9;

/** The context a v9 case starts with: no foundation application under review. */
export const foundationReviewStart = (): Pick<ProjectCaseContext, 'foundationWithDepartment'> => ({
  foundationWithDepartment: false,
});

/** The foundation permit's notice: the department holds one of its applications now, or none. */
export const markFoundationWithDepartment = (
  withDepartment: boolean,
): Pick<ProjectCaseContext, 'foundationWithDepartment'> => ({ foundationWithDepartment: withDepartment });
