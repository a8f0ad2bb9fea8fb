import { backgroundBetween, describeBackground } from './db';

describe("PostgreSQL's background work in a round", () => {
  it('is the difference of two readings, named only where there was some', () => {
    const during = backgroundBetween({ vacuums: 10, checkpoints: 3 }, { vacuums: 12, checkpoints: 4 });
    expect(during).toEqual({ vacuums: 2, checkpoints: 1 });
    expect(describeBackground(during)).toBe('2 autovacuum/analyze, 1 checkpoint');
    expect(describeBackground({ vacuums: 0, checkpoints: 2 })).toBe('2 checkpoints');
    expect(describeBackground({ vacuums: 0, checkpoints: 0 })).toBe('');
  });
});
