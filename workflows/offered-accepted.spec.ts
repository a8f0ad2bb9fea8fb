/**
 * Offered means accepted, as a property: random walks drive every registered definition (every version,
 * from the model cases' inputs and from inputs drawn from its inputSchema) through reachable states. At each
 * state every person who might act — a clerk of each department, the owning enterprise, a steward for it,
 * another enterprise and a steward for it, a 项目长 (leader), an auditor, an admin — asks allowedEvents (with the enterprise's
 * facts and the time, as the engine would stamp them); for every event offered, a payload drawn from the
 * offered payloadSchema is sent, and step() must accept it. The walk moves on along one accepted event, or
 * along a system event (timers, notifications) the model cases would send.
 *
 * New definition versions join by being in the registry; the model cases only add their system events.
 */
import fc from 'fast-check';
import type { Actor, EngineEvent, Facts, PersistedSnapshot } from './contract';
import { INSTANCE_CREATED } from './contract';
import { suizhouHighTechZoneCatalog as catalog } from './catalog';
import { registry } from './registry';
import { MODEL_CASES, MODEL_TIME } from './testing/models';
import { ENTERPRISE_ID, actors } from './testing/fixtures';
import { payloadFor } from './testing/payload-arbitrary';
import type { RuntimeDefinition } from './core/define';

const OTHER = 'ent-other';
const people: Actor[] = [
  ...catalog.departments.map((d) => actors.clerk(d.code)),
  actors.enterprise(),
  actors.steward(),
  actors.enterprise(OTHER),
  actors.steward(OTHER),
  { userId: 'leader-1', role: 'leader' },
  { userId: 'auditor', role: 'auditor' },
  actors.admin,
];

const factsArb: fc.Arbitrary<Facts> = fc.record({
  enterprise: fc.record({
    toleranceBarred: fc.boolean(),
    commitmentBarredUntil: fc.constantFrom(null, '2026-01-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'),
  }),
});

const STEPS = 40;
const RUNS = Number(process.env.OFFERED_WALK_RUNS ?? 60);

type AnyDefinition = RuntimeDefinition<any>;

function systemEvents(definition: AnyDefinition, snapshot: PersistedSnapshot, facts: Facts): EngineEvent[] {
  const state = definition.restore(snapshot);
  return MODEL_CASES.filter((c) => c.definitionId === definition.id)
    .slice(0, 1)
    .flatMap((c) => c.events(state))
    .filter((e) => e.actor.role === 'system')
    .map((e) => ({ ...e, facts }));
}

function inputsFor(definition: AnyDefinition): fc.Arbitrary<Record<string, unknown>> {
  const known = MODEL_CASES.filter((c) => c.definitionId === definition.id && c.version === definition.version).map(
    (c) => c.input,
  );
  const drawn = payloadFor(definition.inputSchema).map((input) => ({ ...input, enterpriseId: ENTERPRISE_ID }));
  return known.length ? fc.oneof(fc.constantFrom(...known), drawn) : drawn;
}

/** A seed per definition, stable across runs; WALK_SEED shifts them all. */
function walkSeed(name: string): number {
  let h = Number(process.env.WALK_SEED ?? 0) | 0;
  for (const c of name) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

describe('offered means accepted: random walks over every definition', () => {
  const definitions = registry.definitions;

  it('covers every registered definition', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(6);
  });

  it.each(definitions.map((d) => [`${d.id}@${d.version}`, d] as const))(
    '%s: every event offered enabled, with any payload its schema allows, is accepted; one offered disabled is refused with its reason',
    (_name, definition) => {
      const offeredTypes = new Set<string>();
      fc.assert(
        fc.property(inputsFor(definition), factsArb, fc.gen(), (input, facts, g) => {
          const started = definition.start({
            type: INSTANCE_CREATED,
            payload: input,
            actor: actors.system,
            occurredAt: MODEL_TIME,
            facts,
          });
          if (!started.ok) return; // an input its own checks refuse is not a walk
          let snapshot = started.snapshot;
          for (let step = 0; step < STEPS && !definition.describe(snapshot).done; step++) {
            const accepted: { type: string; snapshot: PersistedSnapshot }[] = [];
            for (const actor of people) {
              for (const offered of definition.allowedEvents(snapshot, actor, { facts, at: MODEL_TIME })) {
                const payload = g(() => payloadFor(offered.payloadSchema));
                const event: EngineEvent = { type: offered.type, payload, actor, occurredAt: MODEL_TIME, facts };
                const outcome = definition.step(snapshot, event);
                // Greyed out (shown with why not yet): refused, with the reason the offer gave.
                if (offered.disabledReason !== undefined) {
                  if (outcome.ok || outcome.message !== offered.disabledReason) {
                    throw new Error(
                      `${offered.type} offered disabled to ${actor.userId} in ${JSON.stringify(snapshot.value)} ` +
                        `(${offered.disabledReason}) was answered ${outcome.ok ? 'accepted' : outcome.message}`,
                    );
                  }
                  continue;
                }
                offeredTypes.add(offered.type);
                if (!outcome.ok) {
                  throw new Error(
                    `${offered.type} offered to ${actor.userId} in ${JSON.stringify(snapshot.value)} ` +
                      `was refused: ${outcome.code} ${outcome.message}\npayload ${JSON.stringify(payload)}`,
                  );
                }
                accepted.push({ type: offered.type, snapshot: outcome.snapshot });
              }
            }
            for (const event of systemEvents(definition, snapshot, facts)) {
              const outcome = definition.step(snapshot, event);
              if (outcome.ok) accepted.push({ type: event.type, snapshot: outcome.snapshot });
            }
            // Onwards along an event type drawn evenly (not per actor: seven clerks would crowd out the rest),
            // preferring steps that keep the instance alive, so the walks reach deep states.
            const alive = accepted.filter((a) => !definition.describe(a.snapshot).done);
            const pool = alive.length ? alive : accepted;
            const types = [...new Set(pool.map((a) => a.type))];
            if (types.length === 0) break;
            const type = types[g(() => fc.nat({ max: types.length - 1 }))];
            const ofType = pool.filter((a) => a.type === type);
            snapshot = ofType[g(() => fc.nat({ max: ofType.length - 1 }))].snapshot;
          }
        }),
        // Shrinking a 40-step walk costs minutes; the failure message names the state, actor and payload. The seed
        // is fixed per definition so that the coverage asserted below does not depend on the run (WALK_SEED=n
        // explores other walks).
        { numRuns: RUNS, endOnFailure: true, seed: walkSeed(_name) },
      );
      // The walks reach every action people can take, so none is left untested.
      const peoples = Object.values(definition.events).filter((e) => e.roles.some((r) => r !== 'system'));
      expect(peoples.map((e) => e.type).filter((type) => !offeredTypes.has(type))).toEqual([]);
    },
  );
});
