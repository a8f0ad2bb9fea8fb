/**
 * The whole-process clock's use as people read it: the working days used and those left, or, once past the target,
 * the working days it is over by ('剩余 -130 个工作日' read as nonsense, xa C6).
 */
export function clockUseLabel(used: number, left: number): string {
  const usedText = `已用 ${used} 个工作日`;
  if (left < 0) return `${usedText}，已超期 ${-left} 个工作日`;
  if (left === 0) return `${usedText}，今日到期`;
  return `${usedText}，剩余 ${left} 个工作日`;
}
