#!/usr/bin/env bash
# A Slurm job array: one task per shard of a suite. Submit it from the harness's folder (the one holding
# harness/bin.mjs; the tasks inherit your PATH, so `node` 20+ must be on it), with the merge as a job that
# waits for the array:
#
#   jid=$(sbatch --parsable docs/examples/slurm-shards.sh suites/paper.yaml)
#   sbatch --dependency=afterok:$jid docs/examples/slurm-merge.sh suites/paper.yaml
#
# Task i runs shard i of SHARDS into results/paper-shards/shard-i, or resumes that folder if an earlier
# attempt started it. SHARDS is the range declared by `#SBATCH --array` below (0-7: 8 shards) unless you set
# it, so a task resubmitted alone keeps the count:
#
#   sbatch --array=3 docs/examples/slurm-shards.sh suites/paper.yaml
#
# Submitting another range than the one below? Give the count as well:
#   SHARDS=12 sbatch --array=0-11 docs/examples/slurm-shards.sh suites/paper.yaml
#
# Each task logs to results/<job name>-<task>.log (results/ ships with the harness); every attempt appends.
# On scancel, the time limit or preemption, Slurm sends SIGTERM: the harness stops after the current step,
# keeps every finished episode, writes the shard's summary and exits 130, well within Slurm's KillWait (a
# task still training its agents stops only when training ends).
#SBATCH --job-name=harness-shards
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=results/%x-%a.log
#SBATCH --open-mode=append
set -euo pipefail

SUITE=${1:?usage: sbatch docs/examples/slurm-shards.sh <suite.yaml>}
INDEX=${SLURM_ARRAY_TASK_ID:?submit this script with sbatch: it is a job array}
HARNESS=${HARNESS:-harness/bin.mjs}
RUN=${RUN:-results/$(basename "$SUITE" .yaml)-shards}
# Not SLURM_ARRAY_TASK_COUNT: that counts this submission's tasks, 1 for `sbatch --array=3`.
# ($0 is Slurm's copy of this script, #SBATCH lines included.)
LAST=$(sed -n 's/^#SBATCH --array=0-\([0-9][0-9]*\).*/\1/p' "$0" | head -n 1)
SHARDS=${SHARDS:-${LAST:+$((LAST + 1))}}
if [ -z "$SHARDS" ] || [ "$INDEX" -ge "$SHARDS" ]; then
  echo "task $INDEX has no shard among ${SHARDS:-?}: set SHARDS to the number of shards of the suite run" >&2
  exit 2
fi
OUT=$RUN/shard-$INDEX

echo "== $(date -Is) job ${SLURM_JOB_ID:-?} on $(hostname): shard $INDEX/$SHARDS of $SUITE into $OUT"
# exec, so that Slurm's signals reach the harness itself rather than a shell or npm in front of it.
if [ -f "$OUT/manifest.json" ]; then
  exec node "$HARNESS" run --resume "$OUT" --workers "${SLURM_CPUS_PER_TASK:-1}" --quiet
fi
exec node "$HARNESS" run "$SUITE" --shard "$INDEX/$SHARDS" --out "$OUT" --workers "${SLURM_CPUS_PER_TASK:-1}" --quiet
