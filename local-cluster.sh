#!/usr/bin/env bash
# Runs a local Agora cluster (master + agent + embedded ZooKeeper in one Karaf) from this checkout.
#   ./local-cluster.sh start            build if needed, start, wait until the agent has registered
#   ./local-cluster.sh start --secure   the same with authentication, ACLs and TLS on everywhere (bin/agora-secure):
#                                       secrets, CA and certificates generated at the first secure start under
#                                       run/local/etc/secure (0600); writes run/local/etc/secure-check.json
#   ./local-cluster.sh stop             stop it
#   ./local-cluster.sh status           is it running?
#   ./local-cluster.sh shell            the Karaf shell (agora:master, agora:agents, ...)
# The cluster lives in run/local (its data, logs and ZooKeeper data survive restarts); delete that folder to start
# from scratch. A secure cluster keeps its registry (ZooKeeper path /agora-secure) and agent work directory
# (data/agent-secure) apart from a plain one's.
set -euo pipefail
cd "$(dirname "$0")"

VERSION=0.1.0-SNAPSHOT
TARBALL=karaf-dist/local/target/agora-dist-local-$VERSION.tar.gz
HOME_DIR=run/local
MASTER=${AGORA_MASTER:-http://127.0.0.1:5050}
SECURE_DIR=$HOME_DIR/etc/secure

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
    # what a secure start added and the distribution does not have (its secrets in etc/secure are kept)
    rm -f "$HOME_DIR"/etc/org.agora.security.*.cfg "$HOME_DIR/etc/secure-check.json"
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

# Turns security on in the unpacked distribution and writes what check_security.py needs to know.
secure_dist() {
    "$HOME_DIR/bin/agora-secure"
    local home port agent_port
    home=$(cd "$HOME_DIR" && pwd -P)
    port=$(sed -n 's/^port *= *\([0-9]*\).*/\1/p' "$HOME_DIR/etc/org.agora.master.cfg" | head -1)
    agent_port=$(sed -n 's/^port *= *\([0-9]*\).*/\1/p' "$HOME_DIR/etc/org.agora.agent.cfg" | head -1)
    MASTER="https://127.0.0.1:$port"
    (
        umask 077
        cred() { printf '{"principal": "%s", "secret": "%s"%s}' "$1" "$(head -1 "$SECURE_DIR/$1.secret")" "${2:-}"; }
        {
            printf '{"master": "127.0.0.1:%s",\n "agent": "127.0.0.1:%s",\n' "$port" "$agent_port"
            printf ' "ca": "%s",\n' "$home/etc/secure/ca.pem"
            printf ' "framework": %s,\n' "$(cred framework ', "run_as": "nobody", "denied_user": "root"')"
            printf ' "other": %s,\n "operator": %s,\n "readonly": %s,\n' "$(cred other)" "$(cred operator)" \
                "$(cred readonly)"
            printf ' "karaf_home": "%s"}\n' "$home"
        } > "$HOME_DIR/etc/secure-check.json"
    )
}

# GET /master/state as the cluster expects it: plain, or over TLS with the read-only principal's credentials
master_state() {
    if [ -n "$SECURE" ]; then
        curl -fsS --cacert "$SECURE_DIR/ca.pem" -u "readonly:$(head -1 "$SECURE_DIR/readonly.secret")" \
            "$MASTER/master/state"
    else
        curl -fsS "$MASTER/master/state"
    fi
}

SECURE=
case "${1:-start}" in
start)
    case "${2:-}" in
        "") ;;
        --secure) SECURE=yes ;;
        *) echo "usage: $0 start [--secure]" >&2; exit 2 ;;
    esac
    if running; then
        echo "Already running: $MASTER (./local-cluster.sh stop to stop it)"
        exit 0
    fi
    build_if_needed
    install_dist
    if [ -n "$SECURE" ]; then
        secure_dist
    fi
    t0=$(date +%s%N)
    "$HOME_DIR/bin/start"
    echo -n "Waiting for the master and the agent"
    for _ in $(seq 1 240); do
        if master_state 2>/dev/null | grep -q '"activated_slaves":[1-9]'; then
            ms=$(( ($(date +%s%N) - t0) / 1000000 ))
            echo
            if [ -n "$SECURE" ]; then
                s=$SECURE_DIR
                echo "Agora is up in ${ms} ms, secure: master at $MASTER, agent at https://127.0.0.1:5051 (TLS only;"
                echo "  CA $s/ca.pem), HTTP Basic for frameworks, operators and agents, ACLs in $s/acls.json"
                echo "  state:  curl --cacert $s/ca.pem -u operator:\$(cat $s/operator.secret) $MASTER/master/state"
                echo "  run:    $HOME_DIR/bin/agora-execute --master 127.0.0.1:5050 --ca $s/ca.pem --principal framework \\"
                echo "            --secret-file $s/framework.secret --user nobody --command 'echo hello'"
                echo "  shell:  ./local-cluster.sh shell   (user karaf, password in $s/shell.password)"
                echo "  check:  python3 ../shared/acceptance/check_security.py $HOME_DIR/etc/secure-check.json"
            else
                echo "Agora is up in ${ms} ms: master and web UI at $MASTER/, agent at http://127.0.0.1:5051"
                echo "  state:  curl $MASTER/master/state"
                echo "  apps:   curl http://127.0.0.1:8080/v2/apps   (the services scheduler, Marathon's /v2 API)"
                echo "  shell:  ./local-cluster.sh shell   (user karaf, password karaf; see etc/users.properties)"
            fi
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
    # karaf/karaf, or the password a secure start generated
    password=$(sed -n 's/^karaf *= *\([^,]*\),.*/\1/p' "$HOME_DIR/etc/users.properties" 2>/dev/null | head -1)
    exec "$HOME_DIR/bin/client" -u karaf -p "${password:-karaf}"
    ;;
*)
    echo "usage: $0 start [--secure]|stop|status|shell" >&2
    exit 2
    ;;
esac
