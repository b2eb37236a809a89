// The run viewer's page: plain JavaScript, no libraries, nothing fetched but the harness's own JSON API.
// Every view is a hash route, so the back button, reloads and links work:
//   #/                                  the runs
//   #/run/<id>                          a run: summary with intervals, task tables linking to their episodes
//   #/run/<id>/episodes?<filters>       the episode browser
//   #/run/<id>/episode/<n>              one episode's transcript
//   #/run/<id>/side/<n>/<m>             two agents on the same episode, side by side

const app = document.getElementById('app');
const crumbs = document.getElementById('crumbs');

/** An element with attributes and children (strings become text: nothing is parsed as HTML here). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

async function api(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

function show(...nodes) {
  app.replaceChildren(...nodes);
}

function setCrumbs(...items) {
  crumbs.replaceChildren(...items.map(([text, href]) => (href ? h('a', { href }, text) : h('span', {}, text))));
}

const number = (value) => (Number.isFinite(value) ? value.toLocaleString('en-US') : '—');
const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const runs = new Map();

async function runInfo(id) {
  if (runs.has(id)) return runs.get(id);
  const run = await api(`/api/runs/${id}`);
  if (run.indexing === null) runs.set(id, run); // kept once the log is fully indexed
  return run;
}

/** While the harness indexes a large log, the page shows what is indexed so far and asks again shortly. */
function refreshWhileIndexing(progress) {
  if (progress === null) return null;
  const hash = location.hash;
  setTimeout(() => {
    if (location.hash === hash) route();
  }, 700);
  return h('p', { class: 'hint', id: 'indexing' }, `Indexing the episode log: ${progress}% so far; the counts below grow until it is done.`);
}

// ───────────────────────────────────────── the runs ─────────────────────────────────────────

async function runsPage() {
  setCrumbs();
  document.title = 'Runs · STEP-HRL harness';
  const list = await api('/api/runs');
  show(
    h('h1', {}, 'Runs'),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'runs', class: 'list' },
        h('thead', {}, h('tr', {}, ...['Run', 'Suite', 'Created', 'Seeds', 'Envs', 'Agents', 'Episodes', 'Errors', 'Folder'].map((t) => h('th', {}, t)))),
        h(
          'tbody',
          {},
          list.map((run) =>
            h(
              'tr',
              { onclick: () => go(`#/run/${run.id}`) },
              h('td', {}, h('a', { href: `#/run/${run.id}`, class: 'run-link' }, run.runId)),
              h('td', {}, run.suite),
              h('td', {}, run.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')),
              h('td', { class: 'num' }, run.seeds.join(', ')),
              h('td', {}, run.envs.join(', ')),
              h('td', {}, run.agents.join(', ')),
              h('td', { class: 'num' }, run.episodes === null ? 'not summarised' : number(run.episodes)),
              h('td', { class: 'num' }, run.errors === null ? '—' : number(run.errors)),
              h('td', { class: 'hint' }, run.dir),
            ),
          ),
        ),
      ),
    ),
  );
}

// ───────────────────────────────────────── a run ─────────────────────────────────────────

async function runPage(id) {
  const [run, tables] = await Promise.all([runInfo(id), api(`/api/runs/${id}/tables`)]);
  setCrumbs([run.runId]);
  document.title = `${run.runId} · STEP-HRL harness`;
  const summary = h('div', { id: 'summary' });
  summary.innerHTML = tables.summaryHtml; // rendered by the harness's report kit, every text escaped there
  const tasks = h('div', { id: 'tasks' });
  tasks.innerHTML = tables.tasksHtml;
  show(
    h('h1', {}, run.suite ? `${run.suite} — ${run.runId}` : run.runId),
    h('p', { class: 'facts' }, run.facts.join(' · '), h('br'), h('span', { class: 'hint' }, run.dir)),
    h('p', { class: 'links' }, h('a', { href: `#/run/${id}/episodes`, id: 'browse' }, `Browse all ${number(run.indexed)} episodes →`)),
    refreshWhileIndexing(tables.indexing),
    h('h2', {}, 'Summary'),
    h('p', { class: 'hint' }, 'Each metric with its 95% interval. An agent links to its episodes of that env and split.'),
    summary,
    h('h2', {}, 'Per task type'),
    h('p', { class: 'hint' }, 'Each cell links to the episodes of that task type, agent, env and split.'),
    tasks,
  );
}

// ───────────────────────────────────────── the episode browser ─────────────────────────────────────────

const filterNames = ['env', 'split', 'task', 'agent', 'seed', 'success', 'end', 'error'];

async function episodesPage(id, params) {
  const run = await runInfo(id);
  setCrumbs([run.runId, `#/run/${id}`], ['episodes']);
  document.title = `Episodes · ${run.runId}`;
  const choices = {
    env: run.facets.envs,
    split: run.facets.splits,
    task: run.facets.tasks,
    agent: run.facets.agents,
    seed: run.facets.seeds.map(String),
    success: ['yes', 'no'],
    end: run.facets.ends,
    error: ['yes', 'no'],
  };
  const labels = { success: 'success', end: 'ended', error: 'error' };
  const form = h(
    'form',
    { class: 'filters', id: 'filters', onsubmit: (event) => (event.preventDefault(), apply()) },
    filterNames.map((name) =>
      h(
        'label',
        {},
        labels[name] ?? name,
        h(
          'select',
          { name, onchange: () => apply() },
          h('option', { value: '' }, 'any'),
          choices[name].map((value) => h('option', { value, selected: params.get(name) === value }, value)),
        ),
      ),
    ),
    h('label', {}, 'text', h('input', { type: 'search', name: 'q', value: params.get('q') ?? '', placeholder: 'in actions, observations, prompts…' })),
    h('button', { type: 'submit' }, 'Search'),
  );
  function apply() {
    const next = new URLSearchParams();
    for (const element of form.elements) if (element.name && element.value) next.set(element.name, element.value);
    go(`#/run/${id}/episodes?${next}`);
  }
  const results = h('div', { id: 'results' }, h('p', { class: 'empty' }, params.get('q') ? 'Searching…' : 'Loading…'));
  show(h('h1', {}, 'Episodes'), form, results);
  const page = await api(`/api/runs/${id}/episodes?${params}`);
  const here = (from) => {
    const next = new URLSearchParams(params);
    next.set('from', String(from));
    return `#/run/${id}/episodes?${next}`;
  };
  const from = page.from;
  const status =
    page.total === null
      ? `${number(page.items.length)} match${page.items.length === 1 ? '' : 'es'} of the text among episodes ${number(from + 1)}–${number(page.scanned)} of ${number(page.candidates)}`
      : page.total === 0
        ? 'No episode matches.'
        : `Episodes ${number(from + 1)}–${number(from + page.items.length)} of ${number(page.total)}`;
  const pager = h(
    'div',
    { class: 'pager' },
    h('span', { id: 'status' }, status),
    page.total !== null && from > 0 ? h('a', { href: here(Math.max(0, from - 100)) }, '← previous') : null,
    page.next !== null ? h('a', { href: here(page.next), id: 'next' }, page.total === null ? 'search on →' : 'next →') : null,
  );
  results.replaceChildren(
    refreshWhileIndexing(page.indexing) ?? '',
    pager,
    page.items.length === 0
      ? h('p', { class: 'empty' }, 'Nothing here.')
      : h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            { id: 'episodes', class: 'list' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['#', 'Env', 'Split', 'Task type', 'Episode', 'Agent', 'Seed', 'Success', 'Score', 'Steps', 'Tokens', 'Ended', 'Error'].map((t) =>
                  h('th', {}, t),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              page.items.map((e) =>
                h(
                  'tr',
                  { 'data-n': e.n, onclick: () => go(`#/run/${id}/episode/${e.n}`) },
                  h('td', { class: 'num' }, h('a', { href: `#/run/${id}/episode/${e.n}` }, e.n)),
                  h('td', {}, e.env),
                  h('td', {}, e.split),
                  h('td', {}, e.task),
                  h('td', {}, e.episode),
                  h('td', {}, agentLabel(run, e.agent)),
                  h('td', { class: 'num' }, e.seed),
                  h('td', { class: e.success ? 'yes' : 'no' }, e.success ? 'yes' : 'no'),
                  h('td', { class: 'num' }, fixed(e.score)),
                  h('td', { class: 'num' }, e.steps),
                  h('td', { class: 'num' }, number(e.tokens)),
                  h('td', {}, e.end),
                  h('td', { class: 'err', title: e.error ?? '' }, e.error ?? ''),
                ),
              ),
            ),
          ),
        ),
  );
}

function agentLabel(run, agent) {
  return h('span', { class: 'agent-label' }, h('span', { class: 'swatch', style: `background:${run.colours[agent] ?? '#888'}` }), agent);
}

// ───────────────────────────────────────── transcripts ─────────────────────────────────────────

async function episodePage(id, n) {
  const run = await runInfo(id);
  const page = await api(`/api/runs/${id}/episodes/${n}`);
  const t = page.transcript;
  setCrumbs([run.runId, `#/run/${id}`], ['episodes', `#/run/${id}/episodes`], [`#${n}`]);
  document.title = `${t.agent} · ${t.episode}`;
  show(
    h('h1', {}, `${t.episode}`),
    h('p', { class: 'facts' }, `${t.env} · ${t.split} · task type ${t.task} · seed ${t.seed} · agent `, agentLabel(run, t.agent)),
    page.others.length > 0
      ? h(
          'p',
          { class: 'others', id: 'others' },
          'Side by side with: ',
          page.others.map((o) => h('a', { href: `#/run/${id}/side/${n}/${o.n}` }, `${o.agent} (${o.success ? 'success' : 'no success'})`)),
        )
      : null,
    h('p', { class: 'hint' }, 'In a terminal: ', h('code', {}, page.show)),
    transcriptView(t),
  );
}

async function sidePage(id, a, b) {
  const run = await runInfo(id);
  const [left, right] = await Promise.all([api(`/api/runs/${id}/episodes/${a}`), api(`/api/runs/${id}/episodes/${b}`)]);
  const [l, r] = [left.transcript, right.transcript];
  setCrumbs([run.runId, `#/run/${id}`], ['episodes', `#/run/${id}/episodes`], [`#${a}`, `#/run/${id}/episode/${a}`], [`vs #${b}`]);
  document.title = `${l.agent} vs ${r.agent} · ${l.episode}`;
  const grid = h('div', { class: 'side-by-side', id: 'side' });
  const head = (t, n) => h('div', { class: 'column-head' }, h('a', { href: `#/run/${id}/episode/${n}` }, agentLabel(run, t.agent)), ' ', outcomeText(t));
  grid.append(head(l, a), head(r, b));
  grid.append(h('div', { class: 'cell' }, startBlock(l)), h('div', { class: 'cell' }, startBlock(r)));
  const steps = Math.max(l.steps.length, r.steps.length);
  for (let i = 0; i < steps; i++) {
    grid.append(
      h('div', { class: 'cell' }, l.steps[i] ? stepView(l, l.steps[i]) : null),
      h('div', { class: 'cell' }, r.steps[i] ? stepView(r, r.steps[i]) : null),
    );
  }
  show(h('h1', {}, l.episode), h('p', { class: 'facts' }, `${l.env} · ${l.split} · task type ${l.task} · seed ${l.seed}`), grid);
}

function outcomeText(t) {
  const o = t.outcome;
  return `${o.success ? 'success' : 'no success'} · score ${fixed(o.score)} · ${o.steps} steps · ended: ${o.end} · ${number(o.tokens.total)} tokens`;
}

function transcriptView(t) {
  return h(
    'div',
    { class: 'transcript' },
    h('p', { class: 'outcome' }, h('strong', {}, 'Outcome: '), outcomeText(t), t.outcome.error ? h('span', { class: 'error' }, ` · ${t.outcome.error}`) : null),
    startBlock(t),
    t.steps.map((step) => stepView(t, step)),
  );
}

function startBlock(t) {
  if (!t.reset) {
    return h(
      'p',
      { class: 'hint' },
      'This record is of format 1 (an older harness): it keeps neither the task text, nor the first observation, nor the policy calls.',
    );
  }
  const info = Object.entries(t.reset.info ?? {}).filter(([, value]) => typeof value === 'string' && value !== t.reset.observation);
  return h(
    'div',
    { class: 'start' },
    h('div', { class: 'block' }, h('span', { class: 'label' }, 'Task'), h('span', { class: 'task-text' }, t.reset.task)),
    h('div', { class: 'block' }, h('span', { class: 'label' }, 'Reset'), h('pre', { class: 'text observation' }, t.reset.observation)),
    info.length > 0
      ? h(
          'details',
          {},
          h('summary', {}, `Info at reset: ${info.map(([key]) => key).join(', ')}`),
          info.map(([key, value]) => [h('div', { class: 'label' }, key), h('pre', { class: 'text' }, value)]),
        )
      : null,
  );
}

function stepView(t, step) {
  const note = step.note ? Object.entries(step.note) : [];
  const calls = step.calls
    ? step.calls.map((call) => {
        const prompt = h('pre', { class: 'text prompt' });
        return h(
          'details',
          {
            class: 'call',
            // The prompt is joined from its parts only when opened: a long history is costly to lay out.
            ontoggle: (event) => {
              if (event.target.open && !prompt.textContent) prompt.textContent = call.prompt.map((i) => t.parts[i] ?? '').join('');
            },
          },
          h(
            'summary',
            {},
            h('span', { class: 'role' }, call.role),
            ` · ${number(call.tokens.prompt)} prompt + ${number(call.tokens.completion)} completion tokens`,
            call.usage ? ` (API ${number(call.usage.prompt)} + ${number(call.usage.completion)})` : '',
            ' → ',
            h('code', {}, call.completion),
          ),
          h('div', { class: 'label' }, 'prompt'),
          prompt,
          h('div', { class: 'label' }, 'completion'),
          h('pre', { class: 'text' }, call.completion),
        );
      })
    : Object.entries(step.tokens).map(([role, tokens]) =>
        h('div', { class: 'hint' }, `${role} · ${number(tokens.prompt)} prompt + ${number(tokens.completion)} completion tokens`),
      );
  return h(
    'section',
    { class: 'step', 'data-step': step.step },
    h('h3', {}, `Step ${step.step}`),
    note.length > 0
      ? h(
          'div',
          { class: 'note' },
          h('span', { class: 'label' }, 'In force'),
          note.map(([key, value]) => h('span', { class: 'chip' }, `${key}: ${value}`)),
        )
      : null,
    calls,
    h(
      'div',
      {},
      h('span', { class: 'label' }, 'Action'),
      h('span', { class: 'action' }, step.action),
      step.invalid ? h('span', { class: 'hint' }, ' (not accepted by the env)') : null,
    ),
    h('pre', { class: 'text observation' }, step.observation),
    h('div', { class: 'reward' }, `reward ${step.reward} · score ${step.score}${step.done ? ' · done' : ''}`),
  );
}

// ───────────────────────────────────────── routing ─────────────────────────────────────────

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

async function route() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(query);
  try {
    if (parts.length === 0) return await runsPage();
    if (parts[0] === 'run' && parts.length === 2) return await runPage(parts[1]);
    if (parts[0] === 'run' && parts[2] === 'episodes') return await episodesPage(parts[1], params);
    if (parts[0] === 'run' && parts[2] === 'episode') return await episodePage(parts[1], Number(parts[3]));
    if (parts[0] === 'run' && parts[2] === 'side') return await sidePage(parts[1], Number(parts[3]), Number(parts[4]));
    show(h('p', { class: 'error' }, `No such page: ${location.hash}`));
  } catch (error) {
    show(h('p', { class: 'error' }, String(error.message ?? error)));
  }
}

window.addEventListener('hashchange', route);
route();
