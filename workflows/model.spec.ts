/**
 * Model-based tests: xstate/graph's getShortestPaths enumerates every reachable state of each definition
 * (event cases and filters in testing/models.ts keep it finite). On every path: each step is accepted by the
 * definition's `step()` (its checks and the machine's guards agree), the invariants hold on every step, and
 * the step-by-step snapshot equals the traversal's. Replay (replay.ts over the stored events) must reproduce
 * the final snapshot exactly: on every path of the small definitions, and on every 7th path plus every path
 * ending in a final or complete state for the larger project-case models (time on a 2-core machine).
 * Reachability is checked per definition over all its model cases. No event is generated for a done instance:
 * the engine never sends one (step() refuses it with EVENT_NOT_ALLOWED).
 */
import { getShortestPaths } from 'xstate/graph';
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import type { EngineEvent, PersistedSnapshot } from './contract';
import { getDefinition } from './registry';
import { replay, type StoredEvent } from './replay';
import { MODEL_CASES, createdEvent } from './testing/models';
import { checkInvariants } from './testing/invariants';

function atomicStateIds(machine: AnyStateMachine): string[] {
  const ids: string[] = [];
  const walk = (node: AnyStateNode) => {
    const children = Object.values(node.states) as AnyStateNode[];
    if (children.length === 0) ids.push(node.id);
    children.forEach(walk);
  };
  walk(machine.root);
  // Transient decision states are passed through, never rested in.
  return ids.filter((id) => !id.endsWith('.deciding'));
}

const reachedByDefinition = new Map<string, Set<string>>();

describe.each(MODEL_CASES)('model: $name', (modelCase) => {
  const definition = getDefinition(modelCase.definitionId, modelCase.version)!;
  const machine = definition.machine as AnyStateMachine;
  const created = createdEvent(modelCase.input);
  const key = `${modelCase.definitionId}@${modelCase.version}`;

  it('every path: step() accepts each event, invariants hold, replay reproduces the snapshot', () => {
    const paths = getShortestPaths(machine, {
      input: created as never,
      events: ((s: AnyMachineSnapshot) => (s.status === 'done' ? [] : modelCase.events(s))) as never,
      limit: 500000,
    });
    const reached = reachedByDefinition.get(key) ?? new Set<string>();
    reachedByDefinition.set(key, reached);
    const started = definition.start(created);
    if (!started.ok) throw new Error(started.message);
    // Shortest paths form a tree: each prefix is computed once.
    const cache = new Map<string, PersistedSnapshot>([['', started.snapshot]]);
    const problems: string[] = [];
    const large = modelCase.definitionId === 'project-case';
    paths.forEach((path, index) => {
      for (const node of (path.state as AnyMachineSnapshot)._nodes) reached.add(node.id);
      let prefix = '';
      let snapshot = started.snapshot;
      const stored: StoredEvent[] = [{ seq: 1, ...created }];
      for (const step of path.steps) {
        const event = step.event as unknown as EngineEvent;
        if (event.type === 'xstate.init') continue;
        const next = `${prefix}|${JSON.stringify(event)}`;
        stored.push({ seq: stored.length + 1, ...event });
        const cached = cache.get(next);
        if (cached) {
          snapshot = cached;
        } else {
          const outcome = definition.step(snapshot, event);
          if (!outcome.ok) {
            problems.push(
              `${event.type} refused in ${JSON.stringify(snapshot.value)}: ${outcome.code} ${outcome.message}`,
            );
            return;
          }
          const violations = checkInvariants({
            definitionId: modelCase.definitionId,
            prev: snapshot,
            next: outcome.snapshot,
            event,
            effects: outcome.effects,
          });
          problems.push(...violations.map((v) => `${v} (after ${stored.map((s) => s.type).join(' → ')})`));
          snapshot = outcome.snapshot;
          cache.set(next, snapshot);
        }
        prefix = next;
      }
      const expected = definition.persist(path.state as AnyMachineSnapshot);
      if (JSON.stringify(snapshot) !== JSON.stringify(expected)) {
        problems.push(`step-by-step differs from traversal at ${JSON.stringify(expected.value)}`);
        return;
      }
      const terminal =
        (path.state as AnyMachineSnapshot).status === 'done' || JSON.stringify(expected.value).includes('"complete"');
      if (!large || index % 7 === 0 || terminal) {
        const replayed = replay(stored, { definitionId: modelCase.definitionId, version: modelCase.version });
        if (!replayed.ok) problems.push(`replay failed at seq ${replayed.seq}: ${replayed.message}`);
        else if (JSON.stringify(replayed.snapshot) !== JSON.stringify(snapshot))
          problems.push(`replay differs at ${JSON.stringify(expected.value)}`);
      }
    });
    expect(problems.slice(0, 10)).toEqual([]);
    expect(paths.length).toBeGreaterThan(1);
  });
});

describe('model: reachability', () => {
  const keys = [...new Set(MODEL_CASES.map((c) => `${c.definitionId}@${c.version}`))];
  it.each(keys)('every state of %s is reached', (key) => {
    const [id, version] = key.split('@');
    const machine = getDefinition(id, Number(version))!.machine as AnyStateMachine;
    const reached = reachedByDefinition.get(key);
    expect(reached).toBeDefined();
    expect(atomicStateIds(machine).filter((s) => !reached!.has(s))).toEqual([]);
  });
});
