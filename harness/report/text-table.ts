/**
 * A plain-text table for terminals: columns padded to their widest cell, numbers right-aligned. `groups`
 * adds a line of labels above the header, each spanning some columns (e.g. a split over its metrics).
 */
export function textTable(
  head: readonly string[],
  rows: readonly string[][],
  numeric: readonly boolean[],
  groups?: readonly { label: string; span: number }[],
): string {
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] + cell.length - width(cell)) : cell.padEnd(widths[i] + cell.length - width(cell))))
      .join('  ')
      .trimEnd();
  const lines = [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  if (groups) {
    let column = 0;
    const spans = groups.map(({ label, span }) => {
      const spanWidth = widths.slice(column, column + span).reduce((a, b) => a + b, 0) + 2 * (span - 1);
      column += span;
      return label.length > spanWidth ? label.slice(0, spanWidth) : label.padEnd(spanWidth);
    });
    lines.unshift(spans.join('  ').trimEnd());
  }
  return lines.join('\n');
}

/** Display width: code points, so `Δ` and `—` count as one column. */
function width(text: string): number {
  return [...text].length;
}
