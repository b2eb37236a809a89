import type { Cell, Table } from './tables.ts';

/** A report table as GitHub-flavoured Markdown, under a heading of `level` (0: no heading). */
export function markdownTable(spec: Table, level: number): string {
  const heading = level > 0 ? `${'#'.repeat(level)} ${spec.title}\n\n` : '';
  const caption = spec.caption ? `${spec.caption}\n\n` : '';
  if (spec.rows.length === 0) return `${heading}${caption}_None._\n`;
  const rows = spec.rows.map((row) => row.map(cellText));
  return `${heading}${caption}${markdownRows(spec.head.map(escapeCell), rows, spec.numeric)}\n`;
}

/** Rows of already formatted cells as a Markdown table; numeric columns right-aligned. */
export function markdownRows(head: string[], rows: string[][], numeric: boolean[]): string {
  const align = head.map((_, i) => (numeric[i] ? '---:' : ':---'));
  return [head, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export function emphasise(text: string, strong: boolean): string {
  return strong && text !== '—' ? `**${text}**` : text;
}

export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function cellText(cell: Cell): string {
  const main = cell.lines ? cell.lines.join('; ') : cell.text;
  const body = cell.note ? `${main} ${cell.note}` : main;
  return emphasise(escapeCell(body), cell.strong ?? false);
}
