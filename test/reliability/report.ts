/** Renders docs/reliability.md from the figures the reliability tests recorded (see harness.recordFigures). */
export function renderReport(entries: Record<string, unknown>[]): string {
  return `# Reliability\n\n${entries.map((e) => '```json\n' + JSON.stringify(e, null, 2) + '\n```').join('\n\n')}\n`;
}
