#!/usr/bin/env bash
# Runs a local Agora cluster (master + agent + embedded ZooKeeper in one Karaf) from this checkout.
#   ./local-cluster.sh start    build if needed, start, wait until the agent has registered
#   ./local-cluster.sh stop     stop it
#   ./local-cluster.sh status   is it running?
#   ./local-cluster.sh shell    the Karaf shell (agora:master, agora:agents, ...)
# The cluster lives in run/local (its data, logs and ZooKeeper data survive restarts); delete that folder to start
# from scratch.
set -euo pipefail
cd "$(dirname "$0")"

VERSION=0.1.0-SNAPSHOT
TARBALL=karaf-dist/local/target/agora-dist-local-$VERSION.tar.gz
HOME_DIR=run/local
MASTER=${AGORA_MASTER:-http://127.0.0.1:5050}

if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi

build_if_needed() {
    if [ ! -f "$TARBALL" ] || [ -n "$(find pom.xml bundles features karaf-dist -newer "$TARBALL" -type f \
            -not -path '*/target/*' -print -quit)" ]; then
        echo "Building Agora (mvn install, tests skipped; the first build downloads dependencies)..."
        mvn -B -q install -DskipTests
    fi
}

install_dist() {
    # unpack over run/local: bin, etc, lib and system are replaced; the cluster's state in data/ (ZooKeeper, the
    # agent's work directory, logs) is kept, but Karaf's bundle cache goes so the new build's bundles are used
    mkdir -p "$HOME_DIR"
    tar -xzf "$TARBALL" -C "$HOME_DIR" --strip-components=1
    rm -rf "$HOME_DIR/data/cache" "$HOME_DIR/data/kar" "$HOME_DIR/data/tmp"
    if [ "$(id -u)" != 0 ]; then
        # cgroups need root: without it tasks run as plain processes rather than fail to launch
        sed -i 's|^isolation = .*|isolation =|' "$HOME_DIR/etc/org.agora.containerizer.mesos.cfg"
        echo "Not root: tasks run without cgroups isolation (etc/org.agora.containerizer.mesos.cfg)"
    fi
}

# Karaf writes its pid to karaf.pid; bin/status (which asks the shutdown port) can miss an instance still booting
karaf_pid() {
    local pid
    pid=$(cat "$HOME_DIR/karaf.pid" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q karaf "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

running() {
    karaf_pid >/dev/null
}

case "${1:-start}" in
start)
    if running; then
        echo "Already running: $MASTER (./local-cluster.sh stop to stop it)"
        exit 0
    fi
    build_if_needed
    install_dist
    t0=$(date +%s%N)
    "$HOME_DIR/bin/start"
    echo -n "Waiting for the master and the agent"
    for _ in $(seq 1 240); do
        if curl -fsS "$MASTER/master/state" 2>/dev/null | grep -q '"activated_slaves":[1-9]'; then
            ms=$(( ($(date +%s%N) - t0) / 1000000 ))
            echo
            echo "Agora is up in ${ms} ms: master and web UI at $MASTER, agent at http://127.0.0.1:5051"
            echo "  state:  curl $MASTER/master/state"
            echo "  shell:  ./local-cluster.sh shell   (user karaf, password karaf; see etc/users.properties)"
            echo "  logs:   $HOME_DIR/data/log/karaf.log"
            exit 0
        fi
        echo -n "."
        sleep 0.5
    done
    echo
    echo "The cluster did not come up within 120 s; see $HOME_DIR/data/log/karaf.log" >&2
    exit 1
    ;;
stop)
    if pid=$(karaf_pid); then
        "$HOME_DIR/bin/stop" || true
        for _ in $(seq 1 120); do running || { echo "Stopped."; exit 0; }; sleep 0.5; done
        echo "Karaf (pid $pid) still runs 60 s after bin/stop; killing it" >&2
        kill -9 "$pid"
        exit 1
    fi
    echo "Not running."
    ;;
status)
    if running; then echo "Running: $MASTER"; else echo "Not running."; exit 1; fi
    ;;
shell)
    exec "$HOME_DIR/bin/client" -u karaf -p karaf
    ;;
*)
    echo "usage: $0 start|stop|status|shell" >&2
    exit 2
    ;;
esac
