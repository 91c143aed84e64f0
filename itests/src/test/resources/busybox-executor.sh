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
# A custom executor for an image that holds nothing but busybox: it speaks the v1 executor API in JSON with busybox's
# wget. SUBSCRIBE's RecordIO stream comes through a FIFO and is read record by record (the length line with read, the
# record with dd, one byte per read so nothing of the next record is taken); LAUNCH is answered with TASK_RUNNING and
# TASK_FINISHED; it exits once both are acknowledged (with AGORA_LINGER set, once 'stop' is in its sandbox), or at
# SHUTDOWN. What it saw goes to probe.txt in its sandbox.
B=/bin/busybox
api="http://$MESOS_AGENT_ENDPOINT/api/v1/executor"
fw="\"framework_id\":{\"value\":\"$MESOS_FRAMEWORK_ID\"}"
ids="$fw,\"executor_id\":{\"value\":\"$MESOS_EXECUTOR_ID\"}"
call() {
    if [ -n "$MESOS_EXECUTOR_AUTHENTICATION_TOKEN" ]; then
        $B wget -q -O "$2" --header 'Content-Type: application/json' --header 'Accept: application/json' \
            --header "Authorization: Bearer $MESOS_EXECUTOR_AUTHENTICATION_TOKEN" --post-data "$1" "$api"
    else
        $B wget -q -O "$2" --header 'Content-Type: application/json' --header 'Accept: application/json' \
            --post-data "$1" "$api"
    fi
}
update() {
    uuid=$($B head -c 16 /dev/urandom | $B base64)
    status="{\"task_id\":{\"value\":\"$1\"},\"state\":\"$2\",\"source\":\"SOURCE_EXECUTOR\",\"uuid\":\"$uuid\"}"
    call "{\"type\":\"UPDATE\",$ids,\"update\":{\"status\":$status}}" /dev/null
}
probe="$MESOS_SANDBOX/probe.txt"
{
    echo "marker=$(cat /etc/agora-image-marker)"
    echo "sandbox=$MESOS_SANDBOX"
    echo "directory=$MESOS_DIRECTORY"
    echo "pid=$$"
    test -e /etc/debian_version && echo HOST-FILES-VISIBLE
} > "$probe"
cat /proc/self/cgroup > "$MESOS_SANDBOX/cgroups.txt"
$B mkfifo /tmp/events
call "{\"type\":\"SUBSCRIBE\",$ids,\"subscribe\":{}}" - > /tmp/events &
stream=$!
trap 'kill $stream 2>/dev/null' EXIT
acks=0
while read -r len; do
    event=$($B dd bs=1 count="$len" 2>/dev/null)
    case "$event" in
        *'"type":"LAUNCH"'*)
            id=$(echo "$event" | $B sed -n 's/.*"task_id":{"value":"\([^"]*\)"}.*/\1/p')
            echo "launched=$id" >> "$probe"
            update "$id" TASK_RUNNING
            update "$id" TASK_FINISHED
            ;;
        *'"type":"ACKNOWLEDGED"'*)
            acks=$((acks + 1))
            if [ "$acks" -ge 2 ]; then
                echo "done" >> "$probe"
                # AGORA_LINGER: stay (without listening) until the test writes 'stop' into the sandbox
                while [ -n "$AGORA_LINGER" ] && ! test -e "$MESOS_SANDBOX/stop"; do
                    sleep 0.1
                done
                exit 0
            fi
            ;;
        *'"type":"SHUTDOWN"'*)
            exit 0
            ;;
    esac
done < /tmp/events
echo "the event stream ended" >> "$probe"
exit 1
