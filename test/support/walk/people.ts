import type { Http } from '../../projects-support';

/** Each department's clerk, by its department code (DEMO_STAFF keys). */
export const CLERKS = ['window', 'development', 'planning', 'housing', 'fire', 'civilDefense', 'archives'] as const;

/** The zone's people beside the clerks (DEMO_STAFF keys): 项目长, 项目管家, the auditor and the admin. */
export type Zone = 'leader' | 'steward';
export const ZONE: readonly Zone[] = ['leader', 'steward'];

/** The enterprise each demo enterprise user belongs to (src/users/demo-accounts). */
const ENTERPRISE_OF: Record<'ent' | 'snow', string> = { ent: 'copper-foil', snow: 'snow-new-materials' };

/**
 * Who is who in one walk: the leader's and the steward's user ids (what a team names), and the project's team as
 * the admin last set it, hence who may see the project and whose 待办 may hold its work.
 */
export class People {
  /** On the project's team now (PUT /api/projects/{id}/team). */
  readonly onTeam = new Set<Zone>();
  keyProject = false;

  private constructor(
    readonly ids: Record<Zone, string>,
    readonly entKey: 'ent' | 'snow',
  ) {}

  /** Reads the leader's and the steward's ids from their own /api/auth/me. */
  static async meet(u: Record<string, Http>, entKey: 'ent' | 'snow'): Promise<People> {
    const ids = { leader: '', steward: '' };
    for (const who of ZONE) ids[who] = (await u[who].get('/api/auth/me')).body.id;
    return new People(ids, entKey);
  }

  get enterpriseId(): string {
    return ENTERPRISE_OF[this.entKey];
  }

  /** Everyone who may open the project page (besides the clerks whose department it reached). */
  seers(): string[] {
    return ['enterprise', 'auditor', 'admin', ...ZONE.filter((z) => this.onTeam.has(z))];
  }

  /** Who may not open it: the leader and the steward off its team. */
  strangers(): Zone[] {
    return ZONE.filter((z) => !this.onTeam.has(z));
  }

  /** Whose 待办 may hold the project's work: each clerk, the enterprise, and the team. */
  queueOwners(): string[] {
    return [...CLERKS, 'enterprise', ...ZONE.filter((z) => this.onTeam.has(z))];
  }

  /** Who may raise a problem on the project (问题清单): its enterprise, its steward or its leader. */
  raisers(): string[] {
    return ['enterprise', ...ZONE.filter((z) => this.onTeam.has(z))];
  }
}
