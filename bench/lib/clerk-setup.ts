import { performance } from 'node:perf_hooks';
import { NO_PRACTICES } from '../../workflows/testing/project-fixture';
import { BENCH_USERS, PASSWORD } from './engine';
import type { HttpClient } from './http';

/** The clerks of the loop: the window first, then the departments whose items the first three stages hold. */
export const CLERKS = ['window', 'development', 'planning', 'housing', 'fire', 'civilDefense'] as const;

/** A project as an enterprise files it in the UI (no special practices, joint issuance of the certificates). */
function projectBody(n: number) {
  return {
    name: `基准项目 ${n}`,
    category: 'socialInvestment',
    investorType: 'socialCapital',
    landSupplyMode: 'tenderAuctionListing',
    investmentAmount: 5000,
    practices: { ...NO_PRACTICES, jointIssuance: true },
  };
}

/** Files `count` projects through the API, `parallel` at a time; returns the time it took in ms. */
export async function fileProjects(http: HttpClient, token: string, from: number, count: number, parallel = 8) {
  const t0 = performance.now();
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const n = next++;
      await http.json('POST', '/api/projects', { token, body: projectBody(n) });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return performance.now() - t0;
}

/** Logs the loop's people in: the enterprise that files and reads, and one clerk per department of CLERKS. */
export async function loopTokens(
  http: HttpClient,
): Promise<{ enterpriseToken: string; clerks: { department: string; token: string }[] }> {
  const login = async (username: string) =>
    (await http.json<{ accessToken: string }>('POST', '/api/auth/login', { body: { username, password: PASSWORD } }))
      .accessToken;
  const enterprise = BENCH_USERS.find((u) => u.role === 'enterprise');
  if (!enterprise) throw new Error('no benchmark enterprise user');
  const enterpriseToken = await login(enterprise.username);
  const clerks = [];
  for (const department of CLERKS) {
    const user = BENCH_USERS.find((u) => u.department === department);
    if (!user) throw new Error(`no benchmark user for ${department}`);
    clerks.push({ department, token: await login(user.username) });
  }
  return { enterpriseToken, clerks };
}
