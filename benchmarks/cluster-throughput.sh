#!/usr/bin/env bash
# The user-visible throughput figure: starts the built local distribution (master + agent + embedded ZooKeeper, as
# ./local-cluster.sh does) in a run directory of its own, runs
#     agora-execute --command true --instances N --cpus 0.05 --mem 8
# against it, prints tasks/s, and stops it again, leaving no process and no cgroup behind.
#
#   ./benchmarks/cluster-throughput.sh [instances] [runs] [isolation]
#
# instances: tasks per run (default 1000); runs: agora-execute runs against the same cluster (default 20: a fresh
# cluster's JVM compiles the launch path for its first several thousand tasks, so the first runs are slower; it prints
# the best run and the median of the second half, the warm figure); isolation: the agent's isolation (default: as the
# distribution ships, cgroups/cpu,cgroups/mem; "none" for plain processes). Needs `mvn install` first
# (karaf-dist/local/target/agora-dist-local-*.tar.gz).
#
# It never touches a cluster that ./local-cluster.sh runs: its ports are those of the distribution plus 10000
# (master 15050, agent 15051, ZooKeeper 12181, shell 18101, JMX 11099/54444/19999) and it refuses to start, saying
# which, when one of them is taken; its containers live under the cgroups root agora-bench-<pid>, which is removed at
# the end; its agent kills its tasks when it stops (recover = cleanup).
#
# AGORA_BENCH_KEEP=<dir> copies the cluster's log and agora-execute's output there before the run directory goes.
# AGORA_BENCH_JFR=<file.jfr> records the cluster's JVM with Java Flight Recorder (settings=profile) into that file.
set -euo pipefail
cd "$(dirname "$0")/.."

INSTANCES=${1:-1000}
RUNS=${2:-20}
ISOLATION=${3:-cgroups/cpu,cgroups/mem}
VERSION=0.1.0-SNAPSHOT
TARBALL=karaf-dist/local/target/agora-dist-local-$VERSION.tar.gz
BENCH=cluster-throughput
OFFSET=10000
ROOT="agora-bench-$$"
EXTRA_KEEP='execute-*.log'
# shellcheck source=benchmarks/lib/local-dist.sh
. benchmarks/lib/local-dist.sh
bench_ports

case "$INSTANCES$RUNS" in *[!0-9]*) echo "usage: $0 [instances] [runs] [isolation]" >&2; exit 2 ;; esac
bench_preflight $MASTER_PORT $AGENT_PORT $ZK_PORT $SSH_PORT $RMI_REGISTRY $RMI_SERVER $JMXMP
bench_home
bench_unpack

t0=$(date +%s%N)
"$HOME_DIR/bin/start"
for _ in $(seq 1 240); do
    KARAF_PID=$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)
    if curl -fsS "http://127.0.0.1:$MASTER_PORT/master/state" 2>/dev/null | grep -q '"activated_slaves":[1-9]'; then
        break
    fi
    sleep 0.5
done
if ! curl -fsS "http://127.0.0.1:$MASTER_PORT/master/state" 2>/dev/null | grep -q '"activated_slaves":[1-9]'; then
    echo "cluster-throughput: the cluster did not come up within 120 s; see $HOME_DIR/data/log/karaf.log" >&2
    tail -20 "$HOME_DIR/data/log/karaf.log" >&2 || true
    exit 1
fi
echo "local distribution up in $(( ($(date +%s%N) - t0) / 1000000 )) ms (pid $KARAF_PID, isolation:" \
    "${ISOLATION}, heap: $(tr '\0' ' ' < "/proc/$KARAF_PID/cmdline" | grep -o -- '-Xmx[^ ]*' | tail -1))"

best=0
rates=()
for run in $(seq 1 "$RUNS"); do
    log=$HOME_DIR/execute-$run.log
    s=$(date +%s%N)
    rc=0
    "$HOME_DIR/bin/agora-execute" --master "127.0.0.1:$MASTER_PORT" --name "throughput-$run" --command true \
        --instances "$INSTANCES" --cpus 0.05 --mem 8 > "$log" 2>&1 || rc=$?
    ms=$(( ($(date +%s%N) - s) / 1000000 ))
    finished=$(grep -c '^task .* TASK_FINISHED' "$log" || true)
    rate=$(( finished * 1000 / (ms > 0 ? ms : 1) ))
    echo "run $run: $finished of $INSTANCES tasks finished in $ms ms = $rate tasks/s (agora-execute exit $rc," \
        "its JVM start and subscription included)"
    if [ "$rc" != 0 ]; then
        tail -5 "$log" >&2
    fi
    if [ "$rate" -gt "$best" ]; then best=$rate; fi
    rates+=("$rate")
done
# the warm figure: the median of the second half of the runs (the first half warms the cluster's JIT up)
half=("${rates[@]:$((RUNS / 2))}")
warm=$(printf '%s\n' "${half[@]}" | sort -n \
    | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}')
echo "best: $best tasks/s over $RUNS run(s) of $INSTANCES tasks; warm (median of runs $((RUNS / 2 + 1))-$RUNS):" \
    "$warm tasks/s (goal: 500 tasks/s with cgroups/cpu,cgroups/mem)"
