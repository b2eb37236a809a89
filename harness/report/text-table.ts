/** A plain-text table for terminals: columns padded to their widest cell, numbers right-aligned. */
export function textTable(head: readonly string[], rows: readonly string[][], numeric: readonly boolean[]): string {
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] + cell.length - width(cell)) : cell.padEnd(widths[i] + cell.length - width(cell))))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Display width: code points, so `Δ` and `—` count as one column. */
function width(text: string): number {
  return [...text].length;
}
