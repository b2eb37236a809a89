import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_WORKER_MEMORY_MB, defaultWorkers } from '../runner/pool.ts';
import { checkCommand } from './check.ts';
import { compareCommand } from './compare.ts';
import { exportCommand, parseFormats } from './export.ts';
import { listCommand } from './list.ts';
import { mergeCommand } from './merge.ts';
import { reportCommand } from './report.ts';
import { runCommand } from './run.ts';
import { showCommand } from './show.ts';
import { validateCommand } from './validate.ts';
import { viewCommand } from './view.ts';

// Output piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Usage errors exit 2, like a bad suite; --help and --version exit 0. */
function usageExit(error: { exitCode: number }): never {
  process.exit(error.exitCode === 0 ? 0 : 2);
}

const program = new Command('harness')
  .description('Benchmark LLM-agent methods (vanilla RL, HRL, STEP-HRL, ...) on text environments, from YAML suites.')
  .version(pkg.version)
  .showHelpAfterError();

program
  .command('run')
  .description('Run a suite: train the agents, evaluate them on every split, write the run folder and its reports.')
  .argument('[suite]', 'suite YAML file (not needed with --resume)')
  .option('--out <dir>', 'run folder (default: results/<suite>-<timestamp>)')
  .option('--resume <dir>', 'continue the run in <dir>: finished episodes are kept, the rest are run')
  .option('--retry-errors', 'with --resume: run again the episodes that ended in an error')
  .option('--limit <n>', 'at most <n> episodes per evaluation split', positiveInt)
  .option('--only <filter>', 'run a part: env=<id>,agent=<id>,split=<name> (keys may repeat)', parseOnly)
  .option('--shard <i/N>', 'run the i-th of N balanced slices of the evaluation episodes (0-based)', parseShard)
  .option('--workers <n>', 'worker threads for training and evaluation; 0 runs everything on the main thread', nonNegativeInt, defaultWorkers())
  .option('--worker-memory <mb>', 'heap limit per worker; an episode that exceeds it fails alone', positiveInt, DEFAULT_WORKER_MEMORY_MB)
  .option('--dry-run', 'print the prompts of one episode per env and agent (untrained; no model server called), then its outcome; write nothing')
  .option('--steps <n>', 'with --dry-run: stop each episode after <n> steps', positiveInt)
  .option('--quiet', 'no progress output')
  .action((suite, options) => runCommand(suite, { ...options, version: pkg.version }));

program
  .command('validate')
  .description('Check suites without running them: schema, plugins, plugin options, split names.')
  .argument('<suites...>', 'suite YAML files')
  .action(validateCommand);

program
  .command('list')
  .description('List the built-in plugins, or show one plugin in detail.')
  .argument('[what]', 'a kind (env, agent, metric, reporter) or a plugin name')
  .action(listCommand);

program
  .command('check')
  .description(
    "Conformance-check a plugin (built-in name, path or package): an env's determinism, invalid actions, expert and capabilities; an agent's episodes.",
  )
  .argument('<plugin>', 'plugin name, path or package')
  .addOption(new Option('--kind <kind>', 'plugin kind, when a name is ambiguous').choices(['env', 'agent', 'metric', 'reporter']))
  .option('--options <json>', 'plugin options as JSON', parseJson, {})
  .option(
    '--episodes <n>',
    'env: episodes per split to replay (default: all of the evaluation splits, 50 of train); agent: episodes to play (default 3)',
    positiveInt,
  )
  .option('--step-limit <n>', 'step limit for the expert, or for the agent', positiveInt, 50)
  .option('--env <name>', 'agent: the env whose episodes it plays (untrained)', 'alfworld')
  .action(checkCommand);

program
  .command('merge')
  .description('Combine the run folders of shards (run with --shard i/N) into one run with its summary and reports.')
  .argument('<run-dirs...>', 'shard run folders')
  .requiredOption('--out <dir>', 'folder for the merged run')
  .action(mergeCommand);

program
  .command('compare')
  .description('Runs side by side: one row per env × split × agent, metrics as columns, Δ paired where the same episodes ran; what differs in their setups.')
  .argument('<run-dirs...>', 'two or more run folders; the first is the reference')
  .option('--out <file>', 'also write the comparison as Markdown (.md) or HTML (.html)')
  .action(compareCommand);

program
  .command('export')
  .description("Write training data for fine-tuning an LLM: a suite's expert demonstrations (reference, chat, rl) or a run's logged episodes (rl).")
  .argument('<source>', 'suite YAML file, or run folder')
  .requiredOption('--out <dir>', 'folder for the export (absent or empty)')
  .option('--format <list>', 'reference, chat, rl, comma-separated (default: all a suite gives; rl for a run folder)', formatList)
  .option('--split <name>', "the suite's split to export", 'train')
  .option('--seed <n>', "seed envs are created with (default: the suite's first)", nonNegativeInt)
  .option('--step-limit <n>', "most steps of an expert episode (default: the env's step limit in the suite)", positiveInt)
  .option('--quiet', 'no progress output')
  .action((source, options) => exportCommand(source, { ...options, version: pkg.version }));

program.command('report').description("(Re)write a run's summary and reports from its episode log.").argument('<run-dir>', 'run folder').action(reportCommand);

program
  .command('view')
  .description('Browse runs in a local web viewer (127.0.0.1): summaries, episodes by filter and text, transcripts, two agents side by side.')
  .argument('[run-dirs...]', 'run folders, or folders holding runs (default: results/)')
  .option('--port <n>', 'port to listen on (0: any free port)', nonNegativeInt, 7878)
  .action(viewCommand);

program
  .command('show')
  .description("Print one episode's transcript: task, first observation, then each step's subtask and progress, policy calls, action and observation.")
  .argument('<run-dir>', 'run folder')
  .argument('<episode>', 'the episode: its number in the log (as the viewer shows it) or its id')
  .option('--env <id>', 'the env, when several ran the episode id')
  .option('--split <name>', 'the split')
  .option('--agent <id>', 'the agent')
  .option('--seed <n>', 'the training seed', nonNegativeInt)
  .option('--prompts', "print each policy call's prompt in full")
  .action(showCommand);

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number, 0 or more');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function parseOnly(value: string, previous: Record<string, string[]> = {}): Record<string, string[]> {
  const only = { ...previous };
  for (const part of value.split(',')) {
    const [key, name] = part.split('=');
    if (!['env', 'agent', 'split'].includes(key) || !name) throw new InvalidArgumentError(`expected env=<id>, agent=<id> or split=<name>, got "${part}"`);
    (only[key] ??= []).push(name);
  }
  return only;
}

function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) throw new InvalidArgumentError('expected i/N with 0 <= i < N, e.g. 0/4');
  return { index, count };
}

function formatList(value: string) {
  try {
    return parseFormats(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parseJson(value: string): Record<string, unknown> {
  try {
    return JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('must be JSON, e.g. \'{"grammar":"legacy"}\'');
  }
}

// Usage errors exit 2 for the program and for every subcommand (a subcommand does not inherit the handler).
program.exitOverride(usageExit);
for (const command of program.commands) command.exitOverride(usageExit);

await program.parseAsync(process.argv);
