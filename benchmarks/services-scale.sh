#!/usr/bin/env bash
#
# Copyright 2026 the Agora authors
#
# Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
# the License. You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
# an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
# specific language governing permissions and limitations under the License.
#

# The services scheduler at scale (issue 15 item 8): starts the built local distribution (master, agent, embedded
# ZooKeeper and the services scheduler, as ./local-cluster.sh does) in a run directory of its own, then through
# Marathon's /v2 API
#   1. creates one app (`sleep 100000`, cpus 0.01, mem 1, a COMMAND health check `true` every
#      $BENCH_HEALTH_INTERVAL seconds, default 10, from the start) with 0 instances and scales it to N: prints the
#      time until all N run and until all N are healthy, and the launch rate, with the app's counts every 10 s;
#   2. defines M more apps with 0 instances and times GET /v2/apps (all M + 1 apps) G times: p50 / p99 / max;
# and stops everything it started.
#
#   ./benchmarks/services-scale.sh [instances] [apps] [gets] [isolation]
#
# Defaults 1000 instances, 1000 apps, 200 GETs, isolation as the distribution ships (cgroups/cpu,cgroups/mem; "none"
# for plain processes). Needs `mvn install` first (karaf-dist/local/target/agora-dist-local-*.tar.gz).
#
# The agent offers cpus:64;mem:65536;disk:65536;ports:[31000-32000] whatever the machine has, so that N instances
# of 0.01 cpu / 1 MB fit (up to 6,400). Ports are the distribution's plus 20000 (services 28080, master 25050, agent
# 25051, ZooKeeper 22181, shell 28101, JMX 21099/64444/29999), so it never clashes with ./local-cluster.sh or
# cluster-throughput.sh; it refuses to start, saying which, when one is taken. Its containers live under the cgroups
# root agora-svc-bench-<pid>, removed at the end; its agent kills its tasks when it stops (recover = cleanup), and any
# process left in its cgroups is killed by pid.
#
# AGORA_BENCH_KEEP=<dir> copies the cluster's log there before the run directory goes.
# AGORA_BENCH_JFR=<file.jfr> records the cluster's JVM with Java Flight Recorder (settings=profile) into that file.
set -euo pipefail
cd "$(dirname "$0")/.."

INSTANCES=${1:-1000}
APPS=${2:-1000}
GETS=${3:-200}
ISOLATION=${4:-cgroups/cpu,cgroups/mem}
VERSION=0.1.0-SNAPSHOT
TARBALL=karaf-dist/local/target/agora-dist-local-$VERSION.tar.gz
BENCH=services-scale
OFFSET=20000
ROOT="agora-svc-bench-$$"
# shellcheck source=benchmarks/lib/local-dist.sh
. benchmarks/lib/local-dist.sh
bench_ports
API_PORT=$((8080 + OFFSET))

case "$INSTANCES$APPS$GETS" in *[!0-9]*) echo "usage: $0 [instances] [apps] [gets] [isolation]" >&2; exit 2 ;; esac
bench_preflight $API_PORT $MASTER_PORT $AGENT_PORT $ZK_PORT $SSH_PORT $RMI_REGISTRY $RMI_SERVER $JMXMP
bench_home
bench_unpack
etc=$HOME_DIR/etc
set_key "$etc/org.agora.agent.cfg" resources "cpus:64;mem:65536;disk:65536;ports:[31000-32000]"
set_key "$etc/org.agora.services.cfg" http.port "$API_PORT"
set_key "$etc/org.agora.services.cfg" master "zk://127.0.0.1:$ZK_PORT/agora"
set_key "$etc/org.agora.services.cfg" zk "zk://127.0.0.1:$ZK_PORT/agora-services"

echo "load before: $(uptime)"
t0=$(date +%s%N)
"$HOME_DIR/bin/start"
up=
for _ in $(seq 1 240); do
    KARAF_PID=$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)
    if curl -fsS "http://127.0.0.1:$MASTER_PORT/master/state" 2>/dev/null | grep -q '"activated_slaves":[1-9]' \
        && curl -fsS "http://127.0.0.1:$API_PORT/v2/leader" 2>/dev/null | grep -q leader; then
        up=1
        break
    fi
    sleep 0.5
done
if [ -z "$up" ]; then
    echo "services-scale: the cluster did not come up within 120 s; see $HOME_DIR/data/log/karaf.log" >&2
    tail -20 "$HOME_DIR/data/log/karaf.log" >&2 || true
    exit 1
fi
echo "local distribution up in $(( ($(date +%s%N) - t0) / 1000000 )) ms (pid $KARAF_PID, isolation: $ISOLATION)"

python3 - "$API_PORT" "$INSTANCES" "$APPS" "$GETS" "${BENCH_HEALTH_INTERVAL:-10}" <<'PY'
import http.client, json, sys, time

port, instances, apps, gets, interval = (int(a) for a in sys.argv[1:6])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

def call(method, path, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    resp = conn.getresponse()
    data = resp.read()
    if resp.status >= 300:
        raise SystemExit(f"services-scale: {method} {path} answered {resp.status}: {data[:300]!r}")
    return json.loads(data) if data else None

def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]

app = {"id": "/bench/scale", "cmd": "sleep 100000", "cpus": 0.01, "mem": 1, "instances": 0,
       "healthChecks": [{"protocol": "COMMAND", "command": {"value": "true"}, "gracePeriodSeconds": 60,
                         "intervalSeconds": interval, "timeoutSeconds": 5, "maxConsecutiveFailures": 3,
                         "delaySeconds": 0}]}
call("POST", "/v2/apps", app)
start = time.monotonic()
call("PUT", "/v2/apps/bench/scale", {"instances": instances})
running_at = healthy_at = None
last_print = 0.0
deadline = start + 1800
while healthy_at is None:
    a = call("GET", "/v2/apps/bench/scale")["app"]
    now = time.monotonic() - start
    if running_at is None and a["tasksRunning"] >= instances:
        running_at = now
    if a["tasksHealthy"] >= instances:
        healthy_at = now
    if now - last_print >= 10 or healthy_at is not None:
        print(f"  {now:6.1f} s: running {a['tasksRunning']}, staged {a['tasksStaged']}, healthy {a['tasksHealthy']}"
              f", unhealthy {a['tasksUnhealthy']}", flush=True)
        last_print = now
    if time.monotonic() > deadline:
        raise SystemExit(f"services-scale: not all {instances} healthy after 1800 s")
    time.sleep(0.2)  # a polling period, not synchronisation: the loop measures when the state is reached
print(f"scale 0 -> {instances} (health check every {interval} s): all running after {running_at:.1f} s"
      f" ({instances / running_at:.1f} launches/s), all healthy after {healthy_at:.1f} s", flush=True)

s = time.monotonic()
for i in range(apps):
    call("POST", "/v2/apps", {"id": f"/bench/apps/app-{i:05d}", "cmd": "sleep 100000", "cpus": 0.01, "mem": 1,
                              "instances": 0})
print(f"defined {apps} apps with 0 instances in {time.monotonic() - s:.1f} s"
      f" ({apps / (time.monotonic() - s):.1f} creates/s, one connection)", flush=True)
for _ in range(10):
    call("GET", "/v2/apps")
lat = []
size = 0
for _ in range(gets):
    s = time.monotonic()
    conn.request("GET", "/v2/apps")
    resp = conn.getresponse()
    body = resp.read()
    lat.append((time.monotonic() - s) * 1000)
    size = len(body)
    n = len(json.loads(body)["apps"])
print(f"GET /v2/apps with {n} apps ({size / 1024:.0f} KiB), {gets} calls on one keep-alive connection after 10 "
      f"warm-up: p50 {pct(lat, 50):.1f} ms, p99 {pct(lat, 99):.1f} ms, max {max(lat):.1f} ms", flush=True)
PY
echo "load after: $(uptime)"
