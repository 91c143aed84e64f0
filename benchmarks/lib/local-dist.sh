# Shared by the benchmarks that run the built local distribution as a user would (cluster-throughput.sh,
# services-scale.sh): sourced, not run. Every port of the distribution is moved by an offset so that a run never
# disturbs ./local-cluster.sh or another benchmark, containers live under a cgroups root of the run's own, and
# everything the run started is stopped and removed on any exit.
#
# The caller sets BENCH (its name, for messages), OFFSET, ROOT (its cgroups root), ISOLATION, TARBALL, and may set
# EXTRA_KEEP (a glob of files under $HOME_DIR copied with the log by AGORA_BENCH_KEEP). bench_ports sets
# MASTER_PORT AGENT_PORT ZK_PORT SSH_PORT RMI_REGISTRY RMI_SERVER JMXMP from OFFSET.

bench_ports() {
    MASTER_PORT=$((5050 + OFFSET)); AGENT_PORT=$((5051 + OFFSET)); ZK_PORT=$((2181 + OFFSET))
    SSH_PORT=$((8101 + OFFSET)); RMI_REGISTRY=$((1099 + OFFSET)); RMI_SERVER=$((44444 + OFFSET))
    JMXMP=$((9999 + OFFSET))
}

# Refuses (exit 1) when the tarball is missing, isolation needs root, or one of the ports given is taken.
bench_preflight() {
    if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
        export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
    fi
    if [ ! -f "$TARBALL" ]; then
        echo "$BENCH: $TARBALL is missing: build it first with mvn install" >&2
        exit 1
    fi
    if [ "$ISOLATION" != none ] && [ "$(id -u)" != 0 ]; then
        echo "$BENCH: isolation $ISOLATION needs root (cgroups); run as root or pass 'none'" >&2
        exit 1
    fi
    local port
    for port in "$@"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$BENCH: port $port on 127.0.0.1 is in use (another benchmark run?); it needs ports $* free" >&2
            exit 1
        fi
    done
}

# Stops Karaf by its pid (bin/stop, then SIGKILL after 60 s), kills what is left in the run's cgroups and removes
# them, keeps the logs when AGORA_BENCH_KEEP is set, and removes the run directory. Installed as the EXIT trap.
bench_cleanup() {
    set +e
    if [ -n "$KARAF_PID" ] && kill -0 "$KARAF_PID" 2>/dev/null; then
        "$HOME_DIR/bin/stop" >/dev/null 2>&1
        for _ in $(seq 1 120); do kill -0 "$KARAF_PID" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$KARAF_PID" 2>/dev/null; then
            echo "$BENCH: Karaf (pid $KARAF_PID) still runs 60 s after bin/stop; killing it" >&2
            kill -9 "$KARAF_PID"
        fi
    fi
    # whatever the agent left under its cgroups root: kill it, then remove the cgroups, deepest first
    local dir
    for dir in /sys/fs/cgroup/*/"$ROOT" /sys/fs/cgroup/"$ROOT"; do
        [ -d "$dir" ] || continue
        find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null \
            | while read -r pid; do kill -9 "$pid" 2>/dev/null; done
        find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null
        [ -d "$dir" ] && echo "$BENCH: could not remove cgroup $dir" >&2
    done
    if [ -n "${AGORA_BENCH_KEEP:-}" ]; then
        # shellcheck disable=SC2086
        mkdir -p "$AGORA_BENCH_KEEP" && cp -r "$HOME_DIR"/data/log ${EXTRA_KEEP:+$HOME_DIR/$EXTRA_KEEP} \
            "$AGORA_BENCH_KEEP"/
    fi
    rm -rf "$HOME_DIR"
}

# Makes the run directory and installs the cleanup: sets HOME_DIR and KARAF_PID (empty until Karaf runs).
bench_home() {
    HOME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/agora-$BENCH.XXXXXX")
    KARAF_PID=
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

# file key value: replaces "key = ..." (commented or not), or appends it
set_key() {
    if grep -qE "^#? *$2 *=" "$1"; then
        sed -i -E "s|^#? *$2 *=.*|$2 = $3|" "$1"
    else
        echo "$2 = $3" >> "$1"
    fi
}

# Unpacks the distribution into the run directory with its ports moved, its cgroups root and isolation, the agent
# killing its tasks when it stops (recover = cleanup), and a JFR recording when AGORA_BENCH_JFR is set.
bench_unpack() {
    tar -xzf "$TARBALL" -C "$HOME_DIR" --strip-components=1
    local etc=$HOME_DIR/etc
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
    set_key "$etc/org.agora.containerizer.mesos.cfg" isolation "$([ "$ISOLATION" = none ] && echo "" \
        || echo "$ISOLATION")"
    if [ -n "${AGORA_BENCH_JFR:-}" ]; then
        export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$(
            realpath -m "$AGORA_BENCH_JFR")"
    fi
}
