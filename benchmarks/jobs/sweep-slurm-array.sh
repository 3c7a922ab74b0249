#!/usr/bin/env bash
# Sweep a notebook's parameters across a SLURM array, then build one report from the slices.
#
#   benchmarks/jobs/sweep-slurm-array.sh NOTEBOOK OUT_DIR N_SHARDS --sweep Seed=0..19 [--sweep K=v1,v2] [--param K=V] [--compare a:b]
#
# Submits N_SHARDS array tasks (--array=0-(N-1)); task i runs
#   cellnb run NOTEBOOK --out OUT_DIR/slice-i --shard i/N <the sweep arguments>
# which runs a contiguous slice of the combinations (0-based shards: the same split on every machine), each in its own
# runs/<id>/ folder and workspace. A dependent job (afterany: it reports failed runs too) runs
#   cellnb sweep merge OUT_DIR/slice-* --out OUT_DIR [--compare …]
# into OUT_DIR/sweep.html, sweep.json and sweep.parquet. Re-running a task skips its finished combinations, so a task
# killed by the scheduler's time limit continues where it stopped.
#
# Assumes `cellnb` on PATH in the job environment (e.g. a published binary next to the repository's notebooks and
# lib/ build, with `dotnet tool restore` done once) and a shared file system for OUT_DIR. Adjust partition, account,
# time and memory to your site.
set -euo pipefail

usage="usage: $0 NOTEBOOK OUT_DIR N_SHARDS --sweep K=v1,v2 [more cellnb run arguments]"
notebook=${1:?$usage}
out=${2:?$usage}
shards=${3:?$usage}
shift 3
[ "$#" -gt 0 ] || { echo "$usage" >&2; exit 2; }
args=$(printf " %q" "$@")
compare=$(printf "%s\n" "$@" | awk 'prev == "--compare" { printf " --compare %s", $0 } { prev = $0 }')
mkdir -p "$out/logs"

array_job=$(sbatch --parsable \
  --job-name=cellnb-sweep \
  --array="0-$((shards - 1))" \
  --cpus-per-task=8 --mem=32G --time=08:00:00 \
  --output="$out/logs/sweep-%A_%a.log" \
  --export=ALL,CELLNB_THREADS=8 \
  --wrap="cellnb run '$notebook' --out '$out'/slice-\${SLURM_ARRAY_TASK_ID} --shard \${SLURM_ARRAY_TASK_ID}/$shards$args")

merge_job=$(sbatch --parsable \
  --job-name=cellnb-sweep-merge \
  --dependency="afterany:${array_job}" \
  --cpus-per-task=1 --mem=4G --time=00:30:00 \
  --output="$out/logs/merge-%j.log" \
  --wrap="cellnb sweep merge '$out'/slice-* --out '$out'$compare")

echo "sweep: array job $array_job ($shards tasks); merge: job $merge_job → $out/sweep.html"
