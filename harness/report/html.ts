import type { Cell, Table } from './tables.ts';

/**
 * Report tables as HTML, shared by the HTML report, `harness compare --out *.html` and the run viewer, so a
 * table reads the same wherever it is shown.
 */

/** A report table as HTML: an optional heading, its caption, then the table (scrolling sideways if wide). */
export function htmlTable(spec: Table, colours: Record<string, string>, withHeading = true): string {
  const heading = withHeading ? `<h3>${escapeHtml(spec.title)}</h3>` : '';
  const caption = spec.caption ? `<p class="caption">${inlineCode(escapeHtml(spec.caption))}</p>` : '';
  if (spec.rows.length === 0) return `${heading}${caption}<p class="empty">None.</p>`;
  const head = spec.head.some((h) => h !== '')
    ? `<thead><tr>${spec.head.map((h, i) => `<th${spec.numeric[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`
    : '';
  const rows = spec.rows.map((row) => `<tr>${row.map((cell) => td(cell, colours)).join('')}</tr>`).join('\n');
  return `${heading}${caption}<div class="scroll"><table id="table-${spec.id}">${head}<tbody>\n${rows}\n</tbody></table></div>`;
}

function td(cell: Cell, colours: Record<string, string>): string {
  const classes = [cell.numeric ? 'num' : '', cell.strong ? 'best' : '', cell.lines ? 'lines' : ''].filter(Boolean).join(' ');
  const content = cell.agent
    ? agentLabel(cell.agent, colours)
    : cell.lines
      ? cell.lines.map((line) => `<span>${escapeHtml(line)}</span>`).join('')
      : escapeHtml(cell.text);
  const body = cell.href ? `<a href="${escapeHtml(cell.href)}">${content}</a>` : content;
  const note = cell.note ? `<small>${escapeHtml(cell.note)}</small>` : '';
  return `<td${classes ? ` class="${classes}"` : ''}>${body}${note}</td>`;
}

/** An agent's name with its colour swatch. */
export function agentLabel(agent: string, colours: Record<string, string>): string {
  return `<span class="agent-label"><span class="swatch" style="background:${colours[agent] ?? '#888'}"></span>${escapeHtml(agent)}</span>`;
}

/** `code` spans of a caption as <code>. */
export function inlineCode(text: string): string {
  return text.replace(/`([^`]+)`/g, '<code>$1</code>');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The reports' stylesheet: system fonts, tabular figures, quiet tables that print well. */
export const stylesheet = `
:root { --ink: #1f2328; --muted: #5b6470; --line: #d8dde3; --soft: #f5f7f9; --accent: #2f5d8a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 28px; }
header { padding-top: 28px; padding-bottom: 8px; border-bottom: 1px solid var(--line); }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 6px; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 20px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); font-weight: 650; }
h3 { font-size: 15.5px; margin: 26px 0 6px; font-weight: 650; }
.meta { color: var(--muted); margin: 0 0 10px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 12px; }
nav { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 8px 0 6px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
.caption { color: var(--muted); font-size: 13.5px; margin: 4px 0 10px; max-width: 900px; }
.empty { color: var(--muted); font-style: italic; }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 3px; }
.scroll { overflow-x: auto; margin: 6px 0 14px; }
table { border-collapse: collapse; border-top: 1px solid transparent; font-size: 13.5px; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: 13px; padding-top: 6px; }
th, td { padding: 5px 12px; text-align: left; vertical-align: top; white-space: nowrap; }
thead th { font-weight: 600; color: #30363d; border-bottom: 2px solid #9aa4ae; background: #fff; }
tbody tr:nth-child(even) { background: var(--soft); }
tbody td, tbody th { border-bottom: 1px solid #e8ebee; }
.num { text-align: right; }
td small { display: block; color: var(--muted); font-size: 11.5px; }
td.best { font-weight: 700; }
td.lines { font-size: 12.5px; }
td.lines span { display: block; }
td.lines span + span { margin-top: 2px; }
td.best small { font-weight: 400; }
td a { color: inherit; text-decoration: none; border-bottom: 1px dotted #8a96a3; }
td a:hover { color: var(--accent); border-bottom-color: var(--accent); }
.main-table { font-size: 14px; }
.main-table thead th.group { text-align: center; border-bottom: 1px solid var(--line); font-size: 14px; }
.main-table thead th.sub { color: var(--muted); font-weight: 600; }
.main-table thead th.corner { vertical-align: bottom; }
.main-table td { min-width: 92px; }
.main-table td, .main-table th.agent { padding-top: 7px; padding-bottom: 7px; }
.main-table tbody th { font-weight: 600; }
.agent-label { display: inline-flex; align-items: center; gap: 7px; white-space: nowrap; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; flex: none; }
.charts { display: flex; flex-wrap: wrap; gap: 8px 40px; align-items: flex-start; }
figure.chart { margin: 18px 0 22px; max-width: 100%; }
figure.chart figcaption { font-size: 13.5px; color: var(--muted); margin-bottom: 6px; max-width: 560px; }
figure.chart figcaption strong { color: var(--ink); }
figure.chart svg { display: block; max-width: 100%; height: auto; }
footer { color: var(--muted); font-size: 12.5px; padding-top: 18px; padding-bottom: 36px; margin-top: 36px; border-top: 1px solid var(--line); }
@media print { nav { display: none; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
`;
