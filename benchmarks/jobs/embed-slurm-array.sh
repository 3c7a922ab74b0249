#!/usr/bin/env bash
# Embed a large plate set with uniDINO across a SLURM array, then merge the parts.
#
#   benchmarks/jobs/embed-slurm-array.sh METADATA.csv OUT_DIR CHECKPOINT [N_SHARDS]
#
# Submits N_SHARDS array tasks (--array=0-(N-1)); task i runs
#   cellnb embed --metadata METADATA.csv --out OUT_DIR --checkpoint CHECKPOINT --shard i/N
# and writes OUT_DIR/part-i-of-N.parquet (shards are 0-based, contiguous ranges of image rows: the same on
# every machine). A dependent job (afterok: only when every task succeeded) runs
#   cellnb embed merge --dir OUT_DIR --parts N
# into OUT_DIR/embeddings.parquet, which equals an unsharded run row for row. A failed task leaves its part
# missing; re-run just that task (sbatch --array=<i> ...) and the merge names any part still missing.
#
# Assumes `cellnb` on PATH in the job environment (e.g. `dotnet tool install` or a published binary) and a
# shared file system for METADATA's images and OUT_DIR. Adjust partition/account/time/memory to your site.
set -euo pipefail

metadata=${1:?usage: $0 METADATA.csv OUT_DIR CHECKPOINT [N_SHARDS]}
out=${2:?usage: $0 METADATA.csv OUT_DIR CHECKPOINT [N_SHARDS]}
checkpoint=${3:?usage: $0 METADATA.csv OUT_DIR CHECKPOINT [N_SHARDS]}
shards=${4:-16}
mkdir -p "$out/logs"

array_job=$(sbatch --parsable \
  --job-name=cellnb-embed \
  --array="0-$((shards - 1))" \
  --cpus-per-task=8 --mem=16G --time=04:00:00 \
  --output="$out/logs/embed-%A_%a.log" \
  --export=ALL,CELLNB_THREADS=8 \
  --wrap="cellnb embed --metadata '$metadata' --out '$out' --checkpoint '$checkpoint' --shard \${SLURM_ARRAY_TASK_ID}/$shards")

merge_job=$(sbatch --parsable \
  --job-name=cellnb-embed-merge \
  --dependency="afterok:${array_job}" \
  --cpus-per-task=1 --mem=4G --time=00:30:00 \
  --output="$out/logs/merge-%j.log" \
  --wrap="cellnb embed merge --dir '$out' --parts $shards")

echo "embedding: array job $array_job ($shards tasks); merge: job $merge_job → $out/embeddings.parquet"
