#!/usr/bin/env bash
# Runs a benchmark harness from this module: ./benchmarks/run.sh TaskThroughput [tasks]
# Needs `mvn install` (or `mvn -pl benchmarks -am package -DskipTests`) first.
set -euo pipefail
cd "$(dirname "$0")"
name=${1:-TaskThroughput}
shift || true
cp="target/agora-benchmarks-0.1.0-SNAPSHOT.jar:$(cat target/classpath.txt)"
exec java -Xmx${BENCH_HEAP:-1g} -Djdk.lang.Process.launchMechanism=VFORK -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$cp" "org.agora.benchmarks.$name" "$@"
