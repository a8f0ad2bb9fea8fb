/**
 * A test double for the acceptance section project-case v11 starts: a section that only records the
 * ACCEPTANCE_CONDITIONS it is told, in order, so the project's side is tested on its own (what it sends and when);
 * acceptance-section v5's own spec tests what a section does with them.
 */
import { assign, setup } from 'xstate';
import type { EngineEvent } from '../contract';
import { defineWorkflow, spec, stateString, who, type RuntimeDefinition } from '../core/define';
import { s } from '../core/json-schema';
import {
  ACCEPTANCE_CONDITIONS,
  DEFINITION_IDS,
  V11_CHILD_VERSIONS,
  type AcceptanceConditionsPayload,
} from '../protocol';
import { registry as defaultRegistry, type Registry } from '../registry';

interface RecordingSectionContext {
  conditions: AcceptanceConditionsPayload[];
}

const isConditions = (payload: Record<string, unknown>): payload is AcceptanceConditionsPayload =>
  'applyBlockedBy' in payload && Array.isArray(payload.openCommitments);

function recordingSection(version: number): RuntimeDefinition<RecordingSectionContext> {
  const machine = setup({
    types: {} as { context: RecordingSectionContext; events: EngineEvent; input: EngineEvent },
  }).createMachine({
    id: 'recordingSection',
    context: () => ({ conditions: [] }),
    initial: 'open',
    states: {
      open: {
        on: {
          [ACCEPTANCE_CONDITIONS]: {
            actions: assign(({ context, event }) => ({
              conditions: isConditions(event.payload) ? [...context.conditions, event.payload] : context.conditions,
            })),
          },
        },
      },
    },
  });
  return defineWorkflow<RecordingSectionContext>({
    id: DEFINITION_IDS.acceptanceSection,
    version,
    title: '验收分段（测试替身）',
    machine,
    events: {
      [ACCEPTANCE_CONDITIONS]: {
        spec: spec(ACCEPTANCE_CONDITIONS, '竣工验收条件', ['system'], s.loose()),
        authorize: (ctx, actor) => who.system(ctx, actor),
      },
    },
    inputSchema: s.loose(),
    describe: (value) => ({
      state: stateString(value),
      statusLabel: '验收分段',
      waitingOn: 'enterprise',
      done: false,
    }),
  });
}

/** The default registry, with acceptance-section v5 replaced by the recording section above. */
export function v11Registry(base: Registry = defaultRegistry): Registry {
  const section = V11_CHILD_VERSIONS.acceptanceSection;
  const definitions = [
    ...base.definitions.filter((d) => !(d.id === DEFINITION_IDS.acceptanceSection && d.version === section)),
    recordingSection(section),
  ];
  return {
    ...base,
    definitions,
    getDefinition: (id, version) => definitions.find((d) => d.id === id && d.version === version),
  };
}
