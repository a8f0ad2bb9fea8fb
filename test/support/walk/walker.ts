import type { TestApp } from '../test-app';
import type { Http } from '../../projects-support';
import { Prng } from './prng';
import { choicesOf } from '../../../workflows/core/json-schema';
import type { JsonSchema } from '../../../workflows/contract';
import { payloadFrom } from './payload';
import { reportUnreadableLabels, unreadableLabels, unreadableMessage, unreadableTitles } from './labels';
import type { CaseBody, ListRow, OfferedEvent, ProblemRow, ProjectPage, VerifyTree } from './api-shapes';
import type { Res, Violation, WalkContext } from './context';
import { daysToHolidayEdge } from './holidays';
import { People, ZONE } from './people';
import { checkRows, readQueues } from './queues';
import { checkProblems, checkSeers, checkZone, type ProblemSeen } from './views';
import { assignTeam, zoneMove } from './zone-moves';

export type { Violation } from './context';
interface Offer {
  actor: string;
  instanceId: string;
  type: string;
  label: string;
  /** Materials to upload first (a disabled offer whose reason is 请先上传…). */
  uploads?: string[];
}
interface Node {
  id: string;
  parentId: string | null;
  view: CaseBody;
}

/** Events that end, undo or hold something up: drawn less often, so that walks also get far. */
const ENDING = /REFUSE|NOT_ACCEPT|WITHDRAW|REVOKE|REJECT|BREACH|FAIL|CANCEL|NONCOMPLIANT/;
/** Events that send a case on a side path (补正, 特别程序, 整改, 延期); the way back (END_, COMPLETE_) is not. */
const DETOUR = /^(START_SPECIAL|REQUEST_CORRECTION|WINDOW_REQUEST_CORRECTION|ORDER_RECTIF|REQUEST_.*EXTENSION)/;
const weightOf = (type: string) => (ENDING.test(type) ? 1 : DETOUR.test(type) ? 2 : 12);

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const short = (v: unknown) => JSON.stringify(v)?.slice(0, 600);

/** A walk of one fresh project: filed by an enterprise, then `steps` random moves of its people and the clock. */
export class ProjectWalk implements WalkContext {
  readonly violations: Violation[] = [];
  readonly log: string[] = [];
  readonly rng: Prng;
  private step = 0;
  projectId = '';
  /** Met in run(): the leader's and steward's ids, and the project's team. */
  people!: People;
  private code = '';
  private entKey: 'ent' | 'snow';
  private stuckReported = false;
  sent = 0;

  constructor(
    private readonly t: TestApp,
    readonly u: Record<string, Http>,
    private readonly seed: number,
  ) {
    this.rng = new Prng(seed);
    this.entKey = this.rng.pick(['ent', 'snow'] as const);
  }

  private get ent(): Http {
    return this.u[this.entKey];
  }

  private readonly reported = new Set<string>();
  private lastPause: { from: string; daysUsed: number } | null = null;

  /** Records a violation once per project (the first step it shows at), ids and numbers aside. */
  violate(v: Omit<Violation, 'seed' | 'step'>) {
    const key = `${v.invariant} ${v.kind} ${v.actor} ${v.action.split(/[ (]/)[0]}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.violations.push({ seed: this.seed, step: this.step, ...v });
  }

  /** A request whose 5xx is a violation of rule 1 whatever it was, and whose 4xx must say why in Chinese (rule 4). */
  async call(actor: string, action: string, req: PromiseLike<Res>): Promise<Res> {
    const res = await req;
    if (res.status >= 500)
      this.violate({
        kind: 'server-error',
        invariant: 1,
        actor,
        action,
        detail: `HTTP ${res.status}`,
        response: res.body,
      });
    const unreadable = res.status >= 400 && res.status < 500 ? unreadableMessage(res.body) : null;
    if (unreadable !== null)
      this.violate({
        kind: 'unreadable-error',
        invariant: 4,
        actor,
        action,
        detail: `HTTP ${res.status} says: ${unreadable}`,
        response: res.body,
      });
    return res;
  }

  note(line: string) {
    this.log.push(`${this.step}: ${line}`);
  }

  as(actor: string): Http {
    return this.actorHttp(actor);
  }

  put(actor: string, url: string, body: object): PromiseLike<Res> {
    return this.t.http().put(url).set('Authorization', this.bearer(actor)).send(body);
  }

  async run(steps: number): Promise<void> {
    this.people = await People.meet(this.u, this.entKey);
    if (!(await this.file())) return;
    // Half the projects get a team at once (the others, if ever, when the admin's move comes).
    if (this.rng.chance(0.5)) await assignTeam(this);
    for (this.step = 1; this.step <= steps; this.step++) {
      const seen = await this.observe();
      if (seen.done) {
        this.log.push(`${this.step}: 已完成`);
        break;
      }
      await this.move(seen.offers);
      if (this.step % 10 === 0) await this.verify();
    }
    await this.verify();
  }

  private async file(): Promise<boolean> {
    const rng = this.rng;
    const practices = {
      foundationFirst: rng.chance(0.4),
      tolerance: rng.chance(0.5),
      notifyCommit: rng.chance(0.5),
      jointIssuance: rng.chance(0.7),
      stagedAcceptance: rng.chance(0.5),
    };
    const flags: Record<string, unknown> = {};
    if (rng.chance(0.5)) flags.industrial = rng.chance(0.5);
    if (rng.chance(0.5)) flags.specialConstruction = rng.chance(0.5);
    if (rng.chance(0.5)) flags.civilDefense = rng.pick(['shelter', 'feePaid', 'exempt']);
    if (practices.stagedAcceptance) {
      flags.sections = ['炭化车间', '石墨化车间', '前驱体预处理车间'].slice(0, rng.int(1, 3)).map((name) => ({ name }));
    }
    if (practices.tolerance && rng.chance(0.8)) {
      const query = Object.entries(flags)
        .filter(([k]) => k === 'industrial' || k === 'specialConstruction' || k === 'civilDefense')
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('&');
      const items = (
        await this.call('enterprise', 'GET filing-items', this.ent.get(`/api/catalog/filing-items?${query}`))
      ).body as { code: string; toleranceAllowed: boolean; materials: { code: string; tolerable: boolean }[] }[];
      const missing: Record<string, string[]> = {};
      for (const item of items.filter((i) => i.toleranceAllowed)) {
        const tolerable = item.materials.filter((m) => m.tolerable).map((m) => m.code);
        if (tolerable.length && rng.chance(0.6)) missing[item.code] = rng.subset(tolerable, 1);
      }
      if (Object.keys(missing).length) flags.missingMaterials = missing;
    }
    // Category, investor and land supply as they fit together (project-options.ts categoryMismatch).
    const kind = rng.pick([
      ['socialInvestment', 'socialCapital', 'tenderAuctionListing'],
      ['socialInvestment', 'foreignCapital', 'existingLand'],
      ['governmentInvested', 'government', 'allocation'],
      ['landWithDesignPlan', 'stateOwnedEnterprise', 'withDesignPlan'],
      ['smallProject', 'government', 'tenderAuctionListing'],
    ] as const);
    const body = {
      name: `随机漫步项目${this.seed}`,
      category: kind[0],
      investorType: kind[1],
      landSupplyMode: kind[2],
      investmentAmount: rng.int(100, 90000),
      practices,
      ...flags,
    };
    const res = await this.call('enterprise', 'POST /api/projects', this.ent.post('/api/projects', body));
    this.log.push(`filing ${short(body)} → ${res.status}`);
    if (res.status !== 201) {
      this.log.push(`filing refused: ${short(res.body)}`);
      return false;
    }
    this.projectId = res.body.id;
    this.code = res.body.code;
    return true;
  }

  /** Every instance of the project, as the enterprise's case views list them (root first). */
  private async tree(): Promise<Node[]> {
    const nodes: Node[] = [];
    const queue: { id: string; parentId: string | null }[] = [{ id: this.projectId, parentId: null }];
    while (queue.length) {
      const next = queue.shift()!;
      const res = await this.call('enterprise', `GET case ${next.id}`, this.ent.get(`/api/cases/${next.id}`));
      if (res.status !== 200) {
        this.violate({
          kind: 'unreadable-case',
          invariant: 1,
          actor: 'enterprise',
          action: `GET /api/cases/${next.id}`,
          detail: `HTTP ${res.status}`,
          response: res.body,
        });
        continue;
      }
      nodes.push({ ...next, view: res.body });
      for (const c of res.body.children ?? []) if (c.status === 'active') queue.push({ id: c.id, parentId: next.id });
    }
    return nodes;
  }

  private async observe(): Promise<{ done: boolean; offers: Offer[] }> {
    const page: ProjectPage = (
      await this.call('enterprise', 'GET project', this.ent.get(`/api/projects/${this.projectId}`))
    ).body;
    const nodes = await this.tree();
    const offers: Offer[] = [];
    const labels: string[] = unreadableLabels(page, 'project');

    for (const n of nodes) {
      labels.push(...unreadableLabels(n.view, `case(${n.view.definition?.id})`));
      for (const e of n.view.allowedEvents ?? []) {
        labels.push(...unreadableTitles(e.payloadSchema, `case(${n.view.definition?.id}).${e.type}.payloadSchema`));
        offers.push(...this.offerOf('enterprise', n.id, e));
      }
    }
    // Every 待办 that may hold the project's work: the clerks', the enterprise's, and its team's (problems too).
    const rows = await readQueues(this, this.people.queueOwners());
    const offered = new Set(offers.map((o) => `${o.actor} ${o.instanceId} ${o.type}`));
    for (const { owner, task } of rows)
      for (const e of task.allowedEvents)
        for (const o of this.offerOf(owner, task.instanceId, e))
          if (!offered.has(`${o.actor} ${o.instanceId} ${o.type}`)) offers.push(o);
    reportUnreadableLabels(this, '-', 'read', labels);

    // The project page's 下一步办理 offers the enterprise what its case views offer (the same rule, one source).
    const enabledIn = new Map(
      nodes.map((n) => [
        n.id,
        new Set((n.view.allowedEvents ?? []).filter((e) => !e.disabledReason).map((e) => e.type)),
      ]),
    );
    for (const a of page.nextActions) {
      // A problem's actions are on the page too; its case is not in the project's tree.
      if (!enabledIn.has(a.instanceId)) {
        const res = await this.call('enterprise', 'GET case', this.ent.get(`/api/cases/${a.instanceId}`));
        const events: OfferedEvent[] = res.status === 200 ? (res.body.allowedEvents ?? []) : [];
        enabledIn.set(a.instanceId, new Set(events.filter((e) => !e.disabledReason).map((e) => e.type)));
      }
      for (const e of a.yourEvents ?? []) {
        if (e.disabledReason || enabledIn.get(a.instanceId)?.has(e.type)) continue;
        this.violate({
          kind: 'page-offers-case-does-not',
          invariant: 1,
          actor: 'enterprise',
          action: `${e.type}(${e.label}) on ${a.instanceId}`,
          detail: '下一步办理 offers it enabled but the case view does not',
        });
      }
    }
    const done = page.case?.status === 'done';
    await checkRows(this, rows, new Map(nodes.map((n) => [n.id, n.view])));
    await checkSeers(this, page);
    const problems = await checkProblems(this);
    this.checkProblemsMove(problems, offers);
    await checkZone(
      this,
      page,
      nodes.map((n) => n.view),
      problems,
    );
    await this.checkListRow(page, nodes);
    this.checkWholeProcess(page, nodes);
    if (!done) this.checkDeadEnd(page, nodes, offers);
    return { done, offers };
  }

  private offerOf(actor: string, instanceId: string, e: OfferedEvent): Offer[] {
    if (!e.disabledReason) return [{ actor, instanceId, type: e.type, label: e.label }];
    if (!e.disabledReason.startsWith('请先上传') || !e.payloadSchema) return [];
    // The materials to upload are the choices of the field that names them (as the server's narrowing reads it).
    const properties = isSchema(e.payloadSchema.properties) ? e.payloadSchema.properties : {};
    const field = properties.material ?? properties.suppliedMaterials;
    const choices = isSchema(field) ? (field.type === 'array' && isSchema(field.items) ? field.items : field) : {};
    const codes = (choicesOf(choices) ?? []).map((c) => c.value).filter((v): v is string => typeof v === 'string');
    return codes.length ? [{ actor, instanceId, type: e.type, label: e.label, uploads: codes }] : [];
  }

  /** Rule 2: the list row (and the 仅看逾期 filter) says what the project page says. */
  private async checkListRow(page: ProjectPage, nodes: Node[]) {
    const list = await this.call('enterprise', 'GET projects', this.ent.get(`/api/projects?q=${this.code}&limit=5`));
    const row = (list.body.items ?? []).find((r: ListRow) => r.id === this.projectId);
    if (!row) {
      this.violate({
        kind: 'missing-from-list',
        invariant: 2,
        actor: 'enterprise',
        action: 'GET /api/projects',
        detail: 'project missing from its own list',
        response: list.body,
      });
      return;
    }
    const overdueList = await this.call(
      'enterprise',
      'GET projects overdue',
      this.ent.get(`/api/projects?q=${this.code}&overdue=true&limit=5`),
    );
    const inOverdue = (overdueList.body.items ?? []).some((r: ListRow) => r.id === this.projectId);
    const overdueOnPage = [
      page.wholeProcess?.timerState,
      ...page.stages.flatMap((s) => s.items.map((i) => i.timerState)),
      ...page.nextActions.map((a) => a.timerState),
      ...nodes.map((n) => n.view.timerState),
    ].filter((s) => s === 'overdue').length;
    const mismatches: string[] = [];
    if (row.status !== page.case.status) mismatches.push(`status ${row.status} vs ${page.case.status}`);
    if (row.statusLabel !== page.case.statusLabel)
      mismatches.push(`statusLabel ${row.statusLabel} vs ${page.case.statusLabel}`);
    if ((row.stage?.key ?? null) !== (page.currentStage?.key ?? null))
      mismatches.push(`stage ${row.stage?.key} vs ${page.currentStage?.key}`);
    if (row.timerState !== page.wholeProcess?.timerState)
      mismatches.push(`timerState ${row.timerState} vs wholeProcess ${page.wholeProcess?.timerState}`);
    if (row.overdue !== inOverdue)
      mismatches.push(`row.overdue ${row.overdue} but 仅看逾期 ${inOverdue ? 'lists' : 'omits'} it`);
    if (row.overdue !== overdueOnPage > 0) {
      const late = nodes
        .filter((n) => n.view.timerState === 'overdue' || (n.view.deadline?.dueAt && n.view.status === 'active'))
        .map(
          (n) =>
            `${n.view.definition?.id}:${n.view.statusLabel}:${n.view.timerState}:${n.view.deadline?.dueAt ?? '-'}:${n.view.waitingOn}`,
        );
      mismatches.push(
        `row.overdue ${row.overdue} but the page shows ${overdueOnPage} overdue clocks [${late.join('; ')}]`,
      );
    }
    if (mismatches.length)
      this.violate({
        kind: 'list-disagrees',
        invariant: 2,
        actor: 'enterprise',
        action: 'list vs page',
        detail: mismatches.join(' | '),
      });
  }

  /** Rule 3: the whole-process clock counts exactly while something is with a department. */
  private checkWholeProcess(page: ProjectPage, nodes: Node[]) {
    const wp = page.wholeProcess;
    if (!wp?.deadline || page.case.status !== 'active') return;
    // The page's pause list says whether the clock stands (its deadline's `paused` is false once the due date
    // has passed, pause or not: see the report); an open pause is one without `to`.
    const open = (wp.pauses ?? []).find((p) => p.to === null || p.to === undefined);
    const counting = open === undefined;
    // Standing, it counts no days: days used may not grow while the same pause stays open.
    if (
      open &&
      this.lastPause?.from === open.from &&
      typeof wp.daysUsed === 'number' &&
      wp.daysUsed > this.lastPause.daysUsed
    ) {
      this.violate({
        invariant: 3,
        kind: 'days-used-grow-in-pause',
        actor: '-',
        action: 'read',
        detail: `全流程已用工作日在暂停中增加: ${this.lastPause.daysUsed} → ${wp.daysUsed} while the pause since ${open.from} (${open.reasonLabel}) stays open; deadline ${JSON.stringify(wp.deadline)}`,
      });
    }
    this.lastPause = open && typeof wp.daysUsed === 'number' ? { from: open.from, daysUsed: wp.daysUsed } : null;
    // The clock runs while an item, an acceptance inspection or a joint issuance is with a department (DOMAIN.md);
    // a commitment is not one of them: its decision goes with its item (CommitmentDecisionGate), and 先建后验's
    // verification waits for the acceptance.
    const withDepartment = nodes.filter(
      (n) =>
        n.parentId !== null &&
        n.view.status === 'active' &&
        n.view.waitingOn === 'department' &&
        !/commitment/.test(n.view.definition?.id ?? ''),
    );
    // What the project case itself believes (its context), to tell a wrong clock from a wrong reading of it.
    const data = nodes[0]?.view.data ?? {};
    const believed = Object.entries(data.items ?? {})
      .filter(([, i]) => i.status === 'open')
      .map(([code]) => code)
      .join(',');
    const holders =
      nodes
        .filter((n) => n.view.status === 'active')
        .map((n) => `${n.view.definition?.id}(${n.view.statusLabel},${n.view.waitingOn})`)
        .join('; ') +
      ` | case: open items [${believed}], itemsWithEnterprise [${(data.itemsWithEnterprise ?? []).join(',')}], ` +
      `sectionsWithDepartment [${(data.sectionsWithDepartment ?? []).join(',')}], ` +
      `wholeProcess.pauses ${JSON.stringify(data.wholeProcess?.pauses)}, clockPauses ${JSON.stringify(data.clockPauses)}`;
    if (counting && withDepartment.length === 0) {
      this.violate({
        invariant: 3,
        kind: 'clock-counts-idle',
        actor: '-',
        action: 'read',
        detail: `全流程计时在计 but nothing is with a department: ${page.case.statusLabel} | ${holders}`,
      });
    }
    if (!counting && withDepartment.length > 0) {
      const stale = new Set(data.itemsWithEnterprise ?? []);
      const items = withDepartment.filter((n) => n.view.definition?.id === 'approval-item');
      const kind = items.some((n) => stale.has(String(n.view.childKey).split(':')[1]))
        ? 'clock-stands-stale-correction'
        : items.length === 0 && withDepartment.every((n) => n.view.definition?.id === 'foundation-permit')
          ? 'clock-stands-foundation-permit'
          : 'clock-stands';
      this.violate({
        invariant: 3,
        kind,
        actor: '-',
        action: 'read',
        detail: `全流程计时暂停 while a department holds: ${holders}`,
      });
    }
  }

  /** Rule 5: while not complete, someone can act, or a deadline will move it. */
  private checkDeadEnd(page: ProjectPage, nodes: Node[], offers: Offer[]) {
    // Only the enterprise's own way out left (撤件…) is a dead end too: a department's refusal is a decision
    // (the enterprise may apply again), its withdrawal is not.
    const forward = offers.filter((o) => o.actor !== 'enterprise' || !ENDING.test(o.type));
    if (forward.length > 0) return;
    const pending = nodes.filter(
      (n) =>
        n.view.status === 'active' &&
        n.view.deadline?.dueAt &&
        !n.view.deadline?.paused &&
        n.view.deadline.kind !== 'wholeProcess',
    );
    if (pending.length > 0 || this.stuckReported) return;
    this.stuckReported = true;
    this.violate({
      kind: offers.length ? 'dead-end-only-ending' : 'dead-end',
      invariant: 5,
      actor: '-',
      action: 'read',
      detail: `${offers.length ? `only ${offers.map((o) => `${o.actor}:${o.type}`).join(',')} offered` : 'nothing offered to anyone'}, no deadline pending: ${page.case.statusLabel} | ${nodes.map((n) => `${n.view.definition?.id}(${n.view.statusLabel},${n.view.waitingOn})`).join('; ')} | next: ${short(page.nextActions)}`,
    });
  }

  /**
   * Rule 5 for 问题清单: an open problem is in someone's 待办 with something to do, or runs against its limit (the
   * department holds it: a timer will make it 逾期 and the leader is told).
   */
  private checkProblemsMove(problems: ProblemSeen[], offers: Offer[]) {
    for (const { row, view } of problems) {
      if (view.status !== 'active' || offers.some((o) => o.instanceId === row.id)) continue;
      const stranded = this.strandedProblem(row);
      if (stranded) {
        if (!this.reported.has(`stranded ${row.id}`)) this.note(`reported: problem ${row.id} ${stranded}`);
        this.reported.add(`stranded ${row.id}`);
        continue;
      }
      this.violate({
        kind: 'problem-dead-end',
        invariant: 5,
        actor: '-',
        action: `problem ${row.id}`,
        detail: `an open problem (${row.statusLabel}) that no one's 待办 offers anything on; team: [${[...this.people.onTeam].join(',')}]`,
      });
    }
  }

  /**
   * REPORTED, not fixed here (product code): a problem whose next move belongs to a 项目长 or 项目管家 who is not on
   * the project's team (any more) is stranded: no one's 待办 holds it and nothing moves it. Two ways:
   * - 待交办 on a project with no team: only they may 交办 (problem ASSIGN roles steward, leader). HTTP: the
   *   enterprise POSTs /api/problems on a project whose team was never set (201, 待交办); no GET /api/tasks of anyone
   *   holds it and no one's case view enables anything on it, until an admin PUTs a team. Seen in every long walk
   *   (WALK_SEEDS=10 WALK_STEPS=60 WALK_LOG=1: seeds 4, 7, 8, 9, 20 on 2026-12-06).
   * - 已解决（待确认） raised by a steward or leader the admin has since taken off the team: only the raiser confirms
   *   (CONFIRM_RESOLVED / REOPEN), and they no longer see the project. HTTP (seed 6 of WALK_SEEDS=10
   *   WALK_STEPS=60): PUT team {leader, steward} (step 15); the leader POSTs /api/problems (29); the leader ASSIGNs
   *   it to 人防办 (35), who START_HANDLING (40) and RESOLVE (46); PUT team {steward only} (47): the problem is
   *   已解决（待确认） for good — the steward on the team may not confirm a leader's problem, the leader gets 404.
   * The replays follow the logged path only while the server's date-dependent answers agree (see the spec).
   * Returns why it is stranded, or null when it is not one of these.
   */
  private strandedProblem(row: ProblemRow): string | null {
    if (row.state === 'pending' && this.people.onTeam.size === 0) return '待交办, no team to 交办 it';
    const raiser = ZONE.find((z) => z === row.raisedBy?.role);
    if (row.state === 'resolved' && raiser && !this.people.onTeam.has(raiser))
      return `已解决（待确认）, its raiser (${raiser}) is off the team`;
    return null;
  }

  private async move(offers: Offer[]) {
    if (this.rng.chance(0.1)) return zoneMove(this);
    if (offers.length === 0 || this.rng.chance(0.12)) return this.advance();
    const offer = this.rng.weighted(offers, (o) => weightOf(o.type));
    if (offer.uploads) return this.upload(offer);
    const who = this.actorHttp(offer.actor);
    const action = `${offer.type}(${offer.label}) on ${offer.instanceId}`;
    const view = await this.call(offer.actor, `GET case`, who.get(`/api/cases/${offer.instanceId}`));
    const event = (view.body.allowedEvents ?? []).find((e: OfferedEvent) => e.type === offer.type && !e.disabledReason);
    if (!event) {
      this.violate({
        kind: 'list-offers-case-does-not',
        invariant: 1,
        actor: offer.actor,
        action,
        detail: '待办 offers it enabled but the case view does not',
        response: view.body.allowedEvents,
      });
      return;
    }
    const payload = payloadFrom(event.payloadSchema ?? {}, this.rng, new Date(await this.now()));
    const res = await this.call(
      offer.actor,
      action,
      who.post(`/api/cases/${offer.instanceId}/events`, { type: offer.type, payload }),
    );
    this.sent++;
    this.log.push(`${this.step}: ${offer.actor} ${action} ${short(payload)} → ${res.status}`);
    if (res.status >= 400 && res.status < 500) {
      this.violate({
        kind: 'offered-refused',
        invariant: 1,
        actor: offer.actor,
        action: `${action} ${short(payload)}`,
        detail: `offered, enabled, schema-valid, refused ${res.status}`,
        response: res.body,
      });
    }
  }

  private async upload(offer: Offer) {
    const who = this.actorHttp(offer.actor);
    const view = (await this.call(offer.actor, 'GET case', who.get(`/api/cases/${offer.instanceId}`))).body;
    const target = view.upload?.allowed ? offer.instanceId : view.parentId;
    for (const code of offer.uploads ?? []) {
      const res = await this.call(
        offer.actor,
        `upload ${code}`,
        this.t
          .http()
          .post(`/api/cases/${target}/materials`)
          .set('Authorization', this.bearer(offer.actor))
          .field('materialCode', code)
          .attach('file', Buffer.from(`%PDF-1.4\n${code}\n%%EOF\n`), {
            filename: `${code}.pdf`,
            contentType: 'application/pdf',
          }),
      );
      this.log.push(`${this.step}: ${offer.actor} upload ${code} to ${target} for ${offer.type} → ${res.status}`);
      if (res.status !== 201) {
        this.violate({
          kind: 'upload-refused',
          invariant: 1,
          actor: offer.actor,
          action: `upload ${code} (${offer.type}: ${offer.label})`,
          detail: `the offer asks for the upload, refused ${res.status}`,
          response: res.body,
        });
      }
    }
  }

  private async advance() {
    // Now and then to the eve of a holiday or 调休 working day (or onto it, or just past it).
    const edge = this.rng.chance(0.3) ? await daysToHolidayEdge(this, await this.now()) : null;
    const days = edge ?? this.rng.int(1, 40);
    const res = await this.call('admin', `advance ${days}`, this.u.admin.post('/api/admin/clock/advance', { days }));
    this.log.push(`${this.step}: admin advances ${days} days${edge ? ' (holiday edge)' : ''} → ${res.status}`);
  }

  private async now(): Promise<string> {
    return (await this.u.admin.get('/api/admin/clock')).body.now;
  }

  private async verify() {
    const res = await this.call(
      'auditor',
      'verify',
      this.u.auditor.get(`/api/cases/${this.projectId}/verify?tree=true`),
    );
    const body: VerifyTree = res.body;
    const failed = res.status !== 200 || body.ok !== true || (body.instances ?? []).some((i) => i.ok !== true);
    if (failed)
      this.violate({
        kind: 'history-does-not-verify',
        invariant: 4,
        actor: 'auditor',
        action: 'verify',
        detail: 'history does not verify',
        response: body,
      });
    this.lastVerify = body;
  }
  lastVerify: unknown;

  private actorHttp(actor: string): Http {
    return actor === 'enterprise' ? this.ent : this.u[actor];
  }

  private bearer(actor: string): string {
    return this.bearers[actor === 'enterprise' ? this.entKey : actor];
  }

  bearers: Record<string, string> = {};
}
