#!/usr/bin/env bash
# The user-visible throughput figure: starts the built local distribution (master + agent + embedded ZooKeeper, as
# ./local-cluster.sh does) in a run directory of its own, runs
#     agora-execute --command true --instances N --cpus 0.05 --mem 8
# against it, prints tasks/s, and stops it again, leaving no process and no cgroup behind.
#
#   ./benchmarks/cluster-throughput.sh [instances] [runs] [isolation]
#
# instances: tasks per run (default 1000); runs: agora-execute runs against the same cluster (default 3; the first
# warms the JVMs up); isolation: the agent's isolation (default: as the distribution ships, cgroups/cpu,cgroups/mem;
# "none" for plain processes). Needs `mvn install` first (karaf-dist/local/target/agora-dist-local-*.tar.gz).
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
RUNS=${2:-3}
ISOLATION=${3:-cgroups/cpu,cgroups/mem}
VERSION=0.1.0-SNAPSHOT
TARBALL=karaf-dist/local/target/agora-dist-local-$VERSION.tar.gz
OFFSET=10000
MASTER_PORT=$((5050 + OFFSET)); AGENT_PORT=$((5051 + OFFSET)); ZK_PORT=$((2181 + OFFSET))
SSH_PORT=$((8101 + OFFSET)); RMI_REGISTRY=$((1099 + OFFSET)); RMI_SERVER=$((44444 + OFFSET)); JMXMP=$((9999 + OFFSET))
ROOT="agora-bench-$$"

if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi
case "$INSTANCES$RUNS" in *[!0-9]*) echo "usage: $0 [instances] [runs] [isolation]" >&2; exit 2 ;; esac
if [ ! -f "$TARBALL" ]; then
    echo "cluster-throughput: $TARBALL is missing: build it first with mvn install" >&2
    exit 1
fi
if [ "$ISOLATION" != none ] && [ "$(id -u)" != 0 ]; then
    echo "cluster-throughput: isolation $ISOLATION needs root (cgroups); run as root or pass 'none'" >&2
    exit 1
fi
port_busy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
for port in $MASTER_PORT $AGENT_PORT $ZK_PORT $SSH_PORT $RMI_REGISTRY $RMI_SERVER $JMXMP; do
    if port_busy "$port"; then
        echo "cluster-throughput: port $port on 127.0.0.1 is in use (another benchmark run?); it needs ports" \
            "$MASTER_PORT $AGENT_PORT $ZK_PORT $SSH_PORT $RMI_REGISTRY $RMI_SERVER $JMXMP free" >&2
        exit 1
    fi
done

HOME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/agora-cluster-throughput.XXXXXX")
KARAF_PID=
cleanup() {
    set +e
    if [ -n "$KARAF_PID" ] && kill -0 "$KARAF_PID" 2>/dev/null; then
        "$HOME_DIR/bin/stop" >/dev/null 2>&1
        for _ in $(seq 1 120); do kill -0 "$KARAF_PID" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$KARAF_PID" 2>/dev/null; then
            echo "cluster-throughput: Karaf (pid $KARAF_PID) still runs 60 s after bin/stop; killing it" >&2
            kill -9 "$KARAF_PID"
        fi
    fi
    # whatever the agent left under its cgroups root: kill it, then remove the cgroups, deepest first
    for dir in /sys/fs/cgroup/*/"$ROOT" /sys/fs/cgroup/"$ROOT"; do
        [ -d "$dir" ] || continue
        find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | while read -r pid; do kill -9 "$pid" 2>/dev/null; done
        find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null
        [ -d "$dir" ] && echo "cluster-throughput: could not remove cgroup $dir" >&2
    done
    if [ -n "${AGORA_BENCH_KEEP:-}" ]; then
        mkdir -p "$AGORA_BENCH_KEEP" && cp -r "$HOME_DIR"/data/log "$HOME_DIR"/execute-*.log "$AGORA_BENCH_KEEP"/
    fi
    rm -rf "$HOME_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tar -xzf "$TARBALL" -C "$HOME_DIR" --strip-components=1
etc=$HOME_DIR/etc
set_key() { # file key value: replaces "key = ..." (commented or not), or appends it
    if grep -qE "^#? *$2 *=" "$1"; then
        sed -i -E "s|^#? *$2 *=.*|$2 = $3|" "$1"
    else
        echo "$2 = $3" >> "$1"
    fi
}
set_key "$etc/org.agora.master.cfg" port "$MASTER_PORT"
set_key "$etc/org.agora.master.cfg" zk "zk://127.0.0.1:$ZK_PORT/agora"
set_key "$etc/org.agora.agent.cfg" port "$AGENT_PORT"
set_key "$etc/org.agora.agent.cfg" master "zk://127.0.0.1:$ZK_PORT/agora"
set_key "$etc/org.agora.agent.cfg" recover cleanup
set_key "$etc/org.agora.zookeeper.server.cfg" client.port "$ZK_PORT"
set_key "$etc/org.apache.karaf.shell.cfg" sshPort "$SSH_PORT"
set_key "$etc/org.apache.karaf.management.cfg" rmiRegistryPort "$RMI_REGISTRY"
set_key "$etc/org.apache.karaf.management.cfg" rmiServerPort "$RMI_SERVER"
set_key "$etc/org.apache.karaf.management.cfg" jmxmpPort "$JMXMP"
set_key "$etc/org.agora.isolator.cgroups.cfg" cgroups.root "$ROOT"
set_key "$etc/org.agora.containerizer.mesos.cfg" isolation "$([ "$ISOLATION" = none ] && echo "" || echo "$ISOLATION")"

if [ -n "${AGORA_BENCH_JFR:-}" ]; then
    export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$(
        realpath -m "$AGORA_BENCH_JFR")"
fi
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
done
echo "best: $best tasks/s over $RUNS run(s) of $INSTANCES tasks (goal: 500 tasks/s with cgroups/cpu,cgroups/mem)"
