/**
 * A Mermaid state diagram (stateDiagram-v2) of an XState v5 machine, from its state-node tree: compound states
 * nest, parallel regions are separated by `--`, eventless (always) transitions are labelled with their guard.
 * Pure: it reads the machine's structure only.
 */

interface TransitionLike {
  eventType: string;
  target?: readonly NodeLike[] | undefined;
  guard?: unknown;
}

interface NodeLike {
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  states: Record<string, NodeLike>;
  initial?: { target: readonly NodeLike[] } | undefined;
  transitions: Map<string, TransitionLike[]>;
  always?: TransitionLike[] | undefined;
}

const safeId = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');
const clean = (text: string) => text.replace(/[:;#\n\r]/g, ' ').trim();

function guardName(guard: unknown): string | null {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String((guard as { type: unknown }).type);
  if (typeof guard === 'function') return guard.name || 'guard';
  return null;
}

export interface MermaidOptions {
  /** Label of an event type, e.g. WINDOW_ACCEPT → '窗口受理'. */
  labelOf?: (eventType: string) => string | undefined;
}

export function toMermaid(machine: { root: unknown }, options: MermaidOptions = {}): string {
  const root = machine.root as NodeLike;
  const lines: string[] = ['stateDiagram-v2'];
  const label = (t: TransitionLike): string => {
    if (t.eventType === '') {
      const g = guardName(t.guard);
      return g ? `[${clean(g)}]` : 'always';
    }
    const zh = options.labelOf?.(t.eventType);
    return clean(zh ? `${zh} ${t.eventType}` : t.eventType);
  };
  const edges = (node: NodeLike, indent: string) => {
    const all: TransitionLike[] = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const t of all) {
      for (const target of t.target ?? []) {
        lines.push(`${indent}${safeId(node.id)} --> ${safeId(target.id)} : ${label(t)}`);
      }
    }
  };
  const walk = (node: NodeLike, indent: string) => {
    const children = Object.values(node.states);
    if (node.type === 'parallel') {
      lines.push(`${indent}state "${clean(node.key)}" as ${safeId(node.id)} {`);
      children.forEach((child, i) => {
        if (i > 0) lines.push(`${indent}  --`);
        walk(child, `${indent}  `);
      });
      lines.push(`${indent}}`);
    } else if (children.length) {
      lines.push(`${indent}state "${clean(node.key)}" as ${safeId(node.id)} {`);
      for (const target of node.initial?.target ?? []) lines.push(`${indent}  [*] --> ${safeId(target.id)}`);
      for (const child of children) walk(child, `${indent}  `);
      lines.push(`${indent}}`);
    } else {
      lines.push(`${indent}state "${clean(node.key)}" as ${safeId(node.id)}`);
      if (node.type === 'final') lines.push(`${indent}${safeId(node.id)} --> [*]`);
    }
    edges(node, indent);
  };
  const top = Object.values(root.states);
  if (root.type === 'parallel') {
    walk(root, '  ');
  } else {
    for (const target of root.initial?.target ?? []) lines.push(`  [*] --> ${safeId(target.id)}`);
    for (const child of top) walk(child, '  ');
    edges(root, '  ');
  }
  return lines.join('\n') + '\n';
}
