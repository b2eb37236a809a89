#!/usr/bin/env bash
# Merges the shards written by slurm-shards.sh into one run folder, results/<suite>. Submit it as a job that
# waits for the array (from the harness's folder, as the array):
#
#   jid=$(sbatch --parsable docs/examples/slurm-shards.sh suites/paper.yaml)
#   sbatch --dependency=afterok:$jid docs/examples/slurm-merge.sh suites/paper.yaml
#
# Every shard folder is resumed first: a finished shard is left as it is (a few seconds), and one that was cut
# short is finished here, so the merged run always holds every episode. Only start this job when no task of
# the array is running any more (afterok or afterany on the array): two processes must never write one shard.
#SBATCH --job-name=harness-merge
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=results/%x.log
#SBATCH --open-mode=append
set -euo pipefail

SUITE=${1:?usage: sbatch docs/examples/slurm-merge.sh <suite.yaml>}
HARNESS=${HARNESS:-harness/bin.mjs}
NAME=$(basename "$SUITE" .yaml)
RUN=${RUN:-results/$NAME-shards}
OUT=${OUT:-results/$NAME}

echo "== $(date -Is) job ${SLURM_JOB_ID:-none} on $(hostname): merging $RUN/shard-* into $OUT"
for dir in "$RUN"/shard-*; do
  before=$(cat "$dir/episodes.jsonl" 2>/dev/null | wc -l)
  # Exit 1 means finished with some episodes ended in an error: those are results too, and are merged.
  status=0
  node "$HARNESS" run --resume "$dir" --workers "${SLURM_CPUS_PER_TASK:-1}" --quiet >/dev/null || status=$?
  if [ "$status" -gt 1 ]; then
    echo "could not finish $dir (exit $status)" >&2
    exit "$status"
  fi
  after=$(wc -l <"$dir/episodes.jsonl")
  if [ "$after" -gt "$before" ]; then echo "$dir was cut short: ran its $((after - before)) missing episodes"; fi
done
exec node "$HARNESS" merge "$RUN"/shard-* --out "$OUT"
