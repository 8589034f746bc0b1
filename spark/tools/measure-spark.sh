#!/usr/bin/env bash
# Figures for lanes-spark (issue 13): samples/s of 784-1024-1024-10 at batch 256 per worker on
# local-cluster with 1 and 2 workers at K = 1, 10, 100; test accuracy after 5 epochs next to a
# single-machine `lanes train` with the same total batch; the round cost. Each line carries the
# load average (`uptime`) at its start. Needs `mvn -q package -DskipTests` and the full
# Fashion-MNIST (apt-get install -y dataset-fashion-mnist).
#
#   spark/tools/measure-spark.sh [OUT_DIR]          (default runs/measure-spark)
#   EPOCHS_SPEED=2 EPOCHS_K1=1 KS="1 10 100" WORKERS="1 2" K_ACC=10 SKIP_ACC=0 EXECUTOR_MB=1536 \
#       spark/tools/measure-spark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-runs/measure-spark}
mkdir -p "$out"
model=784,1024,1024,10
batch=256
epochs_speed=${EPOCHS_SPEED:-2}
# K = 1 is a round per step: its cost is the round's, and one epoch (117 rounds) shows it
epochs_k1=${EPOCHS_K1:-1}
ks=${KS:-1 10 100}
workers_list=${WORKERS:-1 2}
k_acc=${K_ACC:-10}
mem=${EXECUTOR_MB:-1536}
summary="$out/summary.txt"
: > "$summary"

load() { uptime | sed 's/.*load average: //'; }

# prints: samples/s of the last epoch, test accuracy, round ms, round overhead ms
fields() {
    python3 - "$1" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
last = j["epochs"][-1]
s = j.get("spark", {})
print("%.0f %.4f %s %s" % (last["samples_per_second"], j["test_accuracy"],
      "%.1f" % s["round_ms"] if s else "-", "%.1f" % s["round_overhead_ms"] if s else "-"))
PY
}

{
    echo "# lanes-spark figures, $(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
    echo "# model $model, batch $batch per worker, --data system, Adam 1e-3, local-cluster[W,1,$mem]"
    echo "# samples/s: the last of $epochs_speed epochs (the first one includes JIT warm-up); K = 1: of $epochs_k1 epoch(s)"
    printf '%-8s %-5s %-10s %-9s %-9s %-12s %s\n' workers K samples/s round_ms overhead test_acc "load (1/5/15 min) at start"
} | tee -a "$summary"

for w in $workers_list; do
    for k in $ks; do
        l=$(load)
        j="$out/speed-w$w-k$k.json"
        e=$epochs_speed
        [ "$k" = 1 ] && e=$epochs_k1
        ./lanes train --data system --layers "$model" --batch "$batch" --epochs "$e" \
            --spark "local-cluster[$w,1,$mem]" --workers "$w" --sync-every "$k" \
            --out "$out/run-w$w-k$k" --json > "$j" 2> "$out/speed-w$w-k$k.log"
        read -r sps acc rms over < <(fields "$j")
        printf '%-8s %-5s %-10s %-9s %-9s %-12s %s\n' "$w" "$k" "$sps" "$rms" "$over" "$acc" "$l" | tee -a "$summary"
    done
done

if [ "${SKIP_ACC:-0}" != 1 ]; then
    echo "# 5 epochs: 2 workers x 256 at K = $k_acc vs one machine at batch 512 (--drop-last, as the workers)" | tee -a "$summary"
    l=$(load)
    ./lanes train --data system --layers "$model" --batch "$batch" --epochs 5 \
        --spark "local-cluster[2,1,$mem]" --workers 2 --sync-every "$k_acc" \
        --out "$out/acc-spark" --json > "$out/acc-spark.json" 2> "$out/acc-spark.log"
    read -r sps acc rms over < <(fields "$out/acc-spark.json")
    echo "spark 2 x 256, K=$k_acc: test accuracy $acc, last epoch $sps samples/s, round $rms ms (overhead $over); load $l" | tee -a "$summary"
    l=$(load)
    ./lanes train --data system --layers "$model" --batch 512 --drop-last --epochs 5 \
        --out "$out/acc-local" --json > "$out/acc-local.json" 2> "$out/acc-local.log"
    read -r sps acc rms over < <(fields "$out/acc-local.json")
    echo "single machine, batch 512: test accuracy $acc, last epoch $sps samples/s; load $l" | tee -a "$summary"
fi
echo "wrote $summary"
