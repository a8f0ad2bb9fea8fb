import { DEMO_ACCOUNTS } from '../../src/users/demo-accounts';
import { startTestApp, type TestApp } from './test-app';
import {
  clerksAndAdmin,
  DEMO_STAFF,
  demoAccounts,
  DEPARTMENTS,
  staff,
  type Http,
  type UserSpec,
} from '../projects-support';

/** A test app with its people logged in, as the HTTP specs drive it. */
export interface StaffedApp {
  t: TestApp;
  /** Requests per user key: each department's clerk under its department code, `admin`, `ent`, and the extras. */
  u: Record<string, Http>;
  admin: Http;
  /** The spec's enterprise user (`u.ent`), when one was asked for. */
  enterprise?: Http;
  close(): Promise<void>;
}

export interface StaffedAppOptions {
  /** The app's environment (e.g. `{ DEMO_MODE: 'true' }` for the demo clock). */
  env?: Record<string, string>;
  /** The departments that get a clerk; every one by default. */
  departments?: readonly (typeof DEPARTMENTS)[number][];
  /** The name of the spec's enterprise `ent-<prefix>`; its user `<prefix>-ent` is `u.ent`. */
  enterprise?: string;
  /** Further enterprises (id → name), for the further users. */
  enterprises?: Record<string, string>;
  /** Further users by key (a second enterprise's user, an auditor, …). */
  users?: Record<string, UserSpec>;
}

/**
 * Starts the app and logs in a clerk of each department and an admin (usernames prefixed, as clerksAndAdmin
 * names them), the spec's enterprise user when asked and any further users.
 */
export async function staffedApp(prefix: string, options: StaffedAppOptions = {}): Promise<StaffedApp> {
  const t = await startTestApp(options.env);
  const enterprises: Record<string, string> = {};
  const users: Record<string, UserSpec> = {};
  if (options.enterprise !== undefined) {
    enterprises[`ent-${prefix}`] = options.enterprise;
    users.ent = { username: `${prefix}-ent`, role: 'enterprise', enterpriseId: `ent-${prefix}` };
  }
  Object.assign(enterprises, options.enterprises);
  Object.assign(users, clerksAndAdmin(prefix, options.departments), options.users);
  const u = await staff(t, enterprises, users);
  return { t, u, admin: u.admin, enterprise: u.ent, close: () => t.close() };
}

/**
 * The app in demo mode with the seed's accounts (DEMO_STAFF) logged in; `bearer` per key for a request built by
 * hand.
 */
export async function demoStaffedApp(
  env: Record<string, string> = {},
): Promise<StaffedApp & { bearer: Record<string, string> }> {
  const t = await startTestApp({ DEMO_MODE: 'true', ...env });
  const { u, bearer } = await demoAccounts(t, DEMO_STAFF);
  return { t, u, bearer, admin: u.admin, enterprise: u.ent, close: () => t.close() };
}

/** Every demo account logged in (an app in demo mode): requests as each and its Authorization header, by username. */
export async function everyDemoAccount(
  t: TestApp,
): Promise<{ u: Record<string, Http>; bearer: Record<string, string> }> {
  return demoAccounts(t, Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.username, a.username])));
}

/**
 * Two enterprises, 甲公司 and 乙公司, with a user each (`entA`, `entB`), an auditor and a steward: the people of the
 * specs on who sees which project.
 */
export const TWO_ENTERPRISES: Pick<StaffedAppOptions, 'enterprises' | 'users'> = {
  enterprises: { 'ent-a': '甲公司', 'ent-b': '乙公司' },
  users: {
    entA: { username: 'ent-a-1', role: 'enterprise', enterpriseId: 'ent-a' },
    entB: { username: 'ent-b-1', role: 'enterprise', enterpriseId: 'ent-b' },
    auditor: { username: 'auditor-1', role: 'auditor' },
    steward: { username: 'steward-1', role: 'steward' },
  },
};
