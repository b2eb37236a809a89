import { count } from '../report/format.ts';
import { promptText, type Transcript, type TranscriptStep } from './transcript.ts';

/**
 * A transcript as plain text for a terminal (`harness show`). Labels sit in a left column; texts the env or a
 * policy produced are quoted line by line after `│ ` (observations) or `┆ ` (prompts), exactly as recorded.
 */
export function transcriptText(t: Transcript, options: { prompts?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`═══ ${t.agent} on ${t.env} · ${t.split} · ${t.episode} · seed ${t.seed} ═══`);
  out.push(`task type ${t.task}, variation ${t.variation}; record format ${t.format}`);
  out.push(outcomeLine(t), '');
  if (t.reset) {
    out.push(label('task', t.reset.task));
    out.push(label('reset', 'the first observation'));
    out.push(...quote(t.reset.observation, '│'));
    for (const [key, value] of Object.entries(t.reset.info ?? {})) {
      if (typeof value === 'string' && value !== t.reset.observation) {
        out.push(label(`info.${key}`, ''));
        out.push(...quote(value, '│'));
      }
    }
  } else {
    out.push('(This record is of format 1: it keeps neither the task text, nor the first observation, nor the policy calls.)');
  }
  for (const step of t.steps) out.push('', ...stepLines(t, step, options.prompts ?? false));
  if (t.outcome.error) out.push('', label('error', t.outcome.error));
  return `${out.join('\n')}\n`;
}

function outcomeLine(t: Transcript): string {
  const o = t.outcome;
  return [
    o.success ? 'success' : 'no success',
    `score ${o.score}`,
    `${o.steps} step${o.steps === 1 ? '' : 's'}`,
    `ended: ${o.end}`,
    `${count(o.tokens.total)} tokens (${count(o.tokens.prompt)} prompt + ${count(o.tokens.completion)} completion)`,
    `${(o.durationMs / 1000).toFixed(1)} s`,
  ].join(' · ');
}

function stepLines(t: Transcript, step: TranscriptStep, prompts: boolean): string[] {
  const out = [`── step ${step.step} ──`];
  if (step.note)
    out.push(
      label(
        'in force',
        Object.entries(step.note)
          .map(([k, v]) => `${k}: ${v}`)
          .join(' · '),
      ),
    );
  if (step.calls) {
    for (const call of step.calls) {
      const usage = call.usage ? ` (API: ${call.usage.prompt} + ${call.usage.completion})` : '';
      out.push(
        label('call', `${call.role} · ${count(call.tokens.prompt)} prompt + ${count(call.tokens.completion)} completion tokens${usage} → ${call.completion}`),
      );
      if (prompts) out.push(...quote(promptText(t, call), '┆'));
    }
  } else {
    for (const [role, tokens] of Object.entries(step.tokens)) {
      out.push(label('tokens', `${role} · ${count(tokens.prompt)} prompt + ${count(tokens.completion)} completion`));
    }
  }
  out.push(label('action', step.action));
  out.push(label('result', `reward ${step.reward} · score ${step.score}${step.invalid ? ' · not accepted by the env' : ''}${step.done ? ' · done' : ''}`));
  out.push(...quote(step.observation, '│'));
  return out;
}

function label(name: string, text: string): string {
  return `  ${name.padEnd(9)} ${text}`.trimEnd();
}

/** Each line of a recorded text after a mark, so where it begins and ends is never in doubt. */
function quote(text: string, mark: string): string[] {
  return text.split('\n').map((line) => `  ${mark} ${line}`);
}
