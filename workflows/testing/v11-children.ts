/**
 * Test doubles for the children project-case v11 starts that other branches build (acceptance-section v5: branch
 * "sec"; foundation-permit v7: branch "fp"), so the project's side is tested on its own: a section that only records
 * the ACCEPTANCE_CONDITIONS it is told, and foundation-permit v6 answering as v7. Used only when the default registry
 * lacks them; once merged the real definitions are used.
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

/** The default registry, with the v11 children it lacks replaced by the doubles above. */
export function v11Registry(base: Registry = defaultRegistry): Registry {
  const section = V11_CHILD_VERSIONS.acceptanceSection;
  const foundation = V11_CHILD_VERSIONS.foundationPermit;
  const doubles = [
    ...(base.getDefinition(DEFINITION_IDS.acceptanceSection, section) ? [] : [recordingSection(section)]),
    ...(base.getDefinition(DEFINITION_IDS.foundationPermit, foundation)
      ? []
      : [{ ...base.getDefinition(DEFINITION_IDS.foundationPermit, foundation - 1)!, version: foundation }]),
  ];
  const definitions = [...base.definitions, ...doubles];
  return {
    ...base,
    definitions,
    getDefinition: (id, version) => definitions.find((d) => d.id === id && d.version === version),
  };
}

/** Whether the real acceptance-section v5 is registered (the section-side assertions need it). */
export const sectionV5Registered = (): boolean =>
  defaultRegistry.getDefinition(DEFINITION_IDS.acceptanceSection, V11_CHILD_VERSIONS.acceptanceSection) !== undefined;
