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

/**
 * A text table kept within `maxWidth` columns: the first `keys` columns (what names a row) are repeated, and
 * the other columns are dealt, in order, into as many tables as it takes, one below the other.
 */
export function fittedTextTable(head: readonly string[], rows: readonly string[][], numeric: readonly boolean[], keys: number, maxWidth = 120): string {
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i] ?? ''))));
  const keyWidth = widths.slice(0, keys).reduce((a, b) => a + b + 2, 0);
  const chunks: number[][] = [];
  let chunk: number[] = [];
  let used = keyWidth;
  for (let i = keys; i < head.length; i++) {
    if (chunk.length > 0 && used + widths[i] > maxWidth) {
      chunks.push(chunk);
      chunk = [];
      used = keyWidth;
    }
    chunk.push(i);
    used += widths[i] + 2;
  }
  if (chunk.length > 0 || chunks.length === 0) chunks.push(chunk);
  const pick = <T>(list: readonly T[], columns: number[]) => [...list.slice(0, keys), ...columns.map((i) => list[i])];
  return chunks
    .map((columns) =>
      textTable(
        pick(head, columns),
        rows.map((row) => pick(row, columns)),
        pick(numeric, columns),
      ),
    )
    .join('\n\n');
}
