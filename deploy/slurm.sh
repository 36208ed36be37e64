#!/bin/bash
# A batch of 1,000,000 random drafts over 100 Slurm array tasks: task K writes shard K of 100,
# and the shards concatenated in order are byte for byte the single run's file.
#
#   sbatch deploy/slurm.sh                 # then, when every task is done:
#   cat out/part-{001..100}.jsonl > batch.jsonl
#
# A task that was preempted or killed is simply run again: --resume keeps the whole records
# it wrote and continues after them.
#SBATCH --job-name=speechgen-batch
#SBATCH --array=1-100
#SBATCH --cpus-per-task=2
#SBATCH --mem=512M
#SBATCH --time=01:00:00
#SBATCH --output=logs/%x-%a.log
set -euo pipefail
SHARDS=100
K=${SLURM_ARRAY_TASK_ID}
mkdir -p out
speechgen batch --random 1000000 --seed 42 \
  --shard "${K}/${SHARDS}" --jobs "${SLURM_CPUS_PER_TASK:-2}" --resume \
  --summary "out/part-$(printf %03d "$K").summary.json" \
  -o "out/part-$(printf %03d "$K").jsonl"
