import { ClerkLoad, clerkCommand, LIFECYCLE } from './clerk-load';

const tokens = { window: 'w', planning: 'p' };

describe('clerkCommand', () => {
  it('drives an item through its life: the window accepts, the department does the rest', () => {
    expect(LIFECYCLE.map((_, step) => [clerkCommand(step, tokens).type, clerkCommand(step, tokens).token])).toEqual([
      ['WINDOW_ACCEPT', 'w'],
      ['DEPARTMENT_ACCEPT', 'p'],
      ['START_SPECIAL_PROCEDURE', 'p'],
      ['END_SPECIAL_PROCEDURE', 'p'],
      ['APPROVE', 'p'],
    ]);
    expect(() => clerkCommand(LIFECYCLE.length, tokens)).toThrow(/step 5 does not exist/);
  });
});

describe('ClerkLoad', () => {
  /** Runs `n` commands one after another, all answered `ok`; returns (item, type) in order. */
  const run = (load: ClerkLoad, n: number) =>
    Array.from({ length: n }, () => {
      const { id, command } = load.next(tokens);
      load.settle(id, true);
      return `${id}:${command.type}`;
    });

  it('rotates over the active items, one step each, and replaces an approved item by a fresh one', () => {
    const load = new ClerkLoad(['a', 'b', 'c', 'd'], 2);
    const seen = run(load, 12);
    expect(seen.slice(0, 4)).toEqual([
      'a:WINDOW_ACCEPT',
      'b:WINDOW_ACCEPT',
      'a:DEPARTMENT_ACCEPT',
      'b:DEPARTMENT_ACCEPT',
    ]);
    expect(seen.slice(8, 12)).toEqual(['a:APPROVE', 'b:APPROVE', 'c:WINDOW_ACCEPT', 'd:WINDOW_ACCEPT']);
    expect(load.completed).toBe(2);
    expect(load.remaining).toBe(0);
  });

  it('never gives out an item with a command in flight, and repeats a step that failed', () => {
    const load = new ClerkLoad(['a', 'b', 'c'], 2);
    const first = load.next(tokens);
    const second = load.next(tokens);
    expect([first.id, second.id]).toEqual(['a', 'b']);
    expect(() => load.next(tokens)).toThrow(/in flight/);
    load.settle('a', false);
    expect(load.next(tokens)).toMatchObject({ id: 'a', step: 0 });
    load.settle('b', true);
    expect(load.next(tokens)).toMatchObject({ id: 'b', step: 1 });
  });

  it('says so when it runs out of items instead of driving an approved one again', () => {
    const load = new ClerkLoad(['a'], 1);
    expect(() => run(load, LIFECYCLE.length)).toThrow(/ran out of items after 1 approvals/);
    expect(() => new ClerkLoad(['a'], 2)).toThrow(/at least 2 items/);
  });
});
