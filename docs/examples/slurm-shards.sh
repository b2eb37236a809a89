#!/usr/bin/env bash
# A Slurm job array: one task per shard. Submit with `sbatch docs/examples/slurm-shards.sh suites/paper.yaml`,
# then, when every task has finished, merge:  harness merge results/paper-shards/shard-* --out results/paper
#SBATCH --job-name=harness-shards
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=logs/%x-%a.out
set -euo pipefail

SUITE=${1:?give the suite file}
COUNT=${SLURM_ARRAY_TASK_COUNT}
INDEX=${SLURM_ARRAY_TASK_ID}
OUT=results/$(basename "$SUITE" .yaml)-shards/shard-${INDEX}

# A task that was preempted or failed continues where it stopped.
if [ -f "$OUT/manifest.json" ]; then
  exec npx harness run --resume "$OUT" --workers "$SLURM_CPUS_PER_TASK" --quiet
fi
exec npx harness run "$SUITE" --shard "${INDEX}/${COUNT}" --out "$OUT" --workers "$SLURM_CPUS_PER_TASK" --quiet
