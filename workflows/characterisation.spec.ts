/**
 * Characterisation of every registered definition version, recorded before the workflows/ refactor of issue #18
 * and kept as a guard: released versions are immutable, so a change in structure must not change one answer.
 *
 * For each definition version it records (as a SHA-256 of the canonical trace, in the Jest snapshot):
 * - every shortest path of its model cases (xstate/graph, as model.spec.ts): at each step the state, context,
 *   effects and summary, the events offered to each person (with their payload schemas), and the refusal
 *   (code, message, details) of every other event type sent by each person with an empty payload;
 * - fixed-seed random walks like offered-accepted.spec.ts: every offered event sent with a payload drawn from
 *   its offered schema, and the outcome recorded.
 * CHARACTERISE_DUMP=<dir> writes the traces themselves, to see where two runs part.
 */
import { createHash } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { getShortestPaths } from 'xstate/graph';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { Actor, EngineEvent, Facts, PersistedSnapshot } from './contract';
import { INSTANCE_CREATED } from './contract';
import { suizhouHighTechZoneCatalog as catalog } from './catalog';
import { registry } from './registry';
import type { RuntimeDefinition } from './core/define';
import { MODEL_CASES, MODEL_TIME, createdEvent } from './testing/models';
import { actors, CLEAN_FACTS } from './testing/fixtures';
import { payloadFor } from './testing/payload-arbitrary';

type AnyDefinition = RuntimeDefinition<any>;

const people: Actor[] = [
  ...catalog.departments.map((d) => actors.clerk(d.code)),
  actors.enterprise(),
  actors.steward(),
  actors.enterprise('ent-other'),
  { userId: 'leader-1', role: 'leader' },
  actors.admin,
  actors.system,
];

/** The refusals are recorded for these (the offers for everyone). */
const refusing = [
  people.find((p) => p.userId === 'clerk-window')!,
  people.find((p) => p.role === 'enterprise')!,
  actors.system,
];

class Trace {
  private hash = createHash('sha256');
  private lines: string[] = [];
  steps = 0;
  constructor(private readonly dump: boolean) {}
  add(entry: unknown): void {
    const line = JSON.stringify(entry);
    this.hash.update(line).update('\n');
    if (this.dump) this.lines.push(line);
    this.steps++;
  }
  finish(name: string): string {
    const dir = process.env.CHARACTERISE_DUMP;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name.replace(/[^\w@.-]+/g, '_')}.jsonl`), this.lines.join('\n'));
    }
    return this.hash.digest('hex');
  }
}

/** What the definition answers at a snapshot: the offers to each person and the refusals of the rest. */
function answers(definition: AnyDefinition, snapshot: PersistedSnapshot, facts: Facts): unknown {
  const summary = definition.describe(snapshot);
  if (summary.done) return { summary };
  const offers: Record<string, unknown> = {};
  const refusals: Record<string, unknown> = {};
  for (const actor of people) {
    const offered = definition.allowedEvents(snapshot, actor, { facts, at: MODEL_TIME });
    offers[actor.userId] = offered;
    if (!refusing.includes(actor)) continue;
    const types = new Set(offered.map((o) => o.type));
    for (const type of Object.keys(definition.events)) {
      if (types.has(type)) continue;
      const outcome = definition.step(snapshot, { type, payload: {}, actor, occurredAt: MODEL_TIME, facts });
      refusals[`${actor.userId} ${type}`] = outcome.ok ? { accepted: outcome.snapshot.value } : outcome;
    }
  }
  return { summary, offers, refusals };
}

function modelTrace(definition: AnyDefinition, trace: Trace): void {
  for (const modelCase of MODEL_CASES.filter(
    (c) => c.definitionId === definition.id && c.version === definition.version,
  )) {
    const created = createdEvent(modelCase.input);
    const started = definition.start(created);
    trace.add({ case: modelCase.name, started });
    if (!started.ok) continue;
    const paths = getShortestPaths(definition.machine as AnyStateMachine, {
      input: created as never,
      events: ((s: AnyMachineSnapshot) => (s.status === 'done' ? [] : modelCase.events(s))) as never,
      limit: 500000,
    });
    // Paths form a tree: each prefix is stepped and answered once.
    const seen = new Map<string, PersistedSnapshot>([['', started.snapshot]]);
    trace.add({ at: '', answers: answers(definition, started.snapshot, CLEAN_FACTS) });
    // The project cases have thousands of paths: every fifth is followed (each prefix of it too).
    const step = definition.id === 'project-case' ? 5 : 1;
    for (const path of paths.filter((_, index) => index % step === 0)) {
      let prefix = '';
      let snapshot = started.snapshot;
      for (const step of path.steps) {
        const event = step.event as unknown as EngineEvent;
        if (event.type === 'xstate.init') continue;
        const next = `${prefix}|${event.type}:${JSON.stringify(event.payload)}:${event.actor.userId}`;
        const cached = seen.get(next);
        if (cached) {
          snapshot = cached;
        } else {
          const outcome = definition.step(snapshot, event);
          if (!outcome.ok) {
            trace.add({ at: next, outcome });
            break;
          }
          snapshot = outcome.snapshot;
          seen.set(next, snapshot);
          trace.add({ at: next, outcome, answers: answers(definition, snapshot, CLEAN_FACTS) });
        }
        prefix = next;
      }
    }
  }
}

const factsArb: fc.Arbitrary<Facts> = fc.record({
  enterprise: fc.record({
    toleranceBarred: fc.boolean(),
    commitmentBarredUntil: fc.constantFrom(null, '2026-01-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'),
  }),
});

function walkTrace(definition: AnyDefinition, trace: Trace, seed: number): void {
  const known = MODEL_CASES.filter((c) => c.definitionId === definition.id && c.version === definition.version).map(
    (c) => c.input,
  );
  const drawn = payloadFor(definition.inputSchema).map((input) => ({ ...input, enterpriseId: 'ent-demo' }));
  const inputs = known.length ? fc.oneof(fc.constantFrom(...known), drawn) : drawn;
  const systemEvents = (snapshot: PersistedSnapshot, facts: Facts) => {
    const state = definition.restore(snapshot);
    return MODEL_CASES.filter((c) => c.definitionId === definition.id)
      .slice(0, 1)
      .flatMap((c) => c.events(state))
      .filter((e) => e.actor.role === 'system')
      .map((e) => ({ ...e, facts }));
  };
  fc.assert(
    fc.property(inputs, factsArb, fc.gen(), (input, facts, g) => {
      const started = definition.start({
        type: INSTANCE_CREATED,
        payload: input,
        actor: actors.system,
        occurredAt: MODEL_TIME,
        facts,
      });
      trace.add({ walk: input, facts, started });
      if (!started.ok) return;
      let snapshot = started.snapshot;
      for (let step = 0; step < 25 && !definition.describe(snapshot).done; step++) {
        const accepted: { type: string; snapshot: PersistedSnapshot }[] = [];
        for (const actor of people) {
          for (const offered of definition.allowedEvents(snapshot, actor, { facts, at: MODEL_TIME })) {
            if (offered.disabledReason) continue; // greyed out: not a step of the walk (answers() records it)
            const payload = g(() => payloadFor(offered.payloadSchema));
            const event: EngineEvent = { type: offered.type, payload, actor, occurredAt: MODEL_TIME, facts };
            const outcome = definition.step(snapshot, event);
            trace.add({ event, outcome });
            if (outcome.ok) accepted.push({ type: offered.type, snapshot: outcome.snapshot });
          }
        }
        for (const event of systemEvents(snapshot, facts)) {
          const outcome = definition.step(snapshot, event);
          trace.add({ event, outcome });
          if (outcome.ok) accepted.push({ type: event.type, snapshot: outcome.snapshot });
        }
        const alive = accepted.filter((a) => !definition.describe(a.snapshot).done);
        const pool = alive.length ? alive : accepted;
        const types = [...new Set(pool.map((a) => a.type))];
        if (types.length === 0) break;
        const type = types[g(() => fc.nat({ max: types.length - 1 }))];
        const ofType = pool.filter((a) => a.type === type);
        snapshot = ofType[g(() => fc.nat({ max: ofType.length - 1 }))].snapshot;
      }
    }),
    { numRuns: 6, seed },
  );
}

describe('characterisation: every registered definition version answers as recorded', () => {
  it.each(registry.definitions.map((d) => [`${d.id}@${d.version}`, d] as const))('%s', (name, definition) => {
    const trace = new Trace(!!process.env.CHARACTERISE_DUMP);
    trace.add({ events: definition.events, inputSchema: definition.inputSchema, title: definition.title });
    modelTrace(definition, trace);
    walkTrace(definition, trace, 20261203);
    const sha256 = trace.finish(name);
    expect({ entries: trace.steps, sha256 }).toMatchSnapshot();
  });
});
