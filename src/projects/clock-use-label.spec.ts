import { clockUseLabel } from './clock-use-label';

describe('clockUseLabel', () => {
  it('says how far past the target an overdue clock is, never a negative remainder', () => {
    expect(clockUseLabel(190, -130)).toBe('已用 190 个工作日，已超期 130 个工作日');
  });
  it('says what is left while within the target, and the last day', () => {
    expect(clockUseLabel(2, 58)).toBe('已用 2 个工作日，剩余 58 个工作日');
    expect(clockUseLabel(60, 0)).toBe('已用 60 个工作日，今日到期');
  });
});
