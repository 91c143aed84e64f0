/*
 * Copyright 2026 the Agora authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
 * an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
 * specific language governing permissions and limitations under the License.
 */
package org.agora.agent.internal.task;

import com.google.protobuf.ByteString;
import java.util.concurrent.ThreadLocalRandom;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.ExecutorID;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;

/** Builds the status updates the agent and its command executor send; the one place that knows their fields. */
final class TaskStatuses {
    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
        "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private TaskStatuses() {
    }

    /**
     * A status with a fresh uuid and the current time.
     *
     * @param executorId null for none
     * @param message null for none
     * @param reason null for none
     */
    static TaskStatus create(TaskID taskId, TaskState state, TaskStatus.Source source, AgentID agentId,
            ExecutorID executorId, String message, TaskStatus.Reason reason) {
        TaskStatus.Builder b = TaskStatus.newBuilder().setTaskId(taskId).setState(state).setSource(source)
                .setAgentId(agentId).setUuid(newUuid()).setTimestamp(System.currentTimeMillis() / 1000.0);
        if (executorId != null) {
            b.setExecutorId(executorId);
        }
        if (message != null) {
            b.setMessage(message);
        }
        if (reason != null) {
            b.setReason(reason);
        }
        return b.build();
    }

    /** 16 random bytes laid out as a version 4 UUID. */
    static ByteString newUuid() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        b[6] = (byte) (b[6] & 0x0f | 0x40);
        b[8] = (byte) (b[8] & 0x3f | 0x80);
        return ByteString.copyFrom(b);
    }

    /**
     * How the command ended, as Mesos words it. Java reports a process killed by signal N as exit value 128+N, as
     * shells do; values 129-159 are therefore read as signals.
     */
    static String exitMessage(int exitValue) {
        int signal = exitValue - 128;
        if (signal >= 1 && signal < SIGNALS.length) {
            return "Command terminated with signal " + SIGNALS[signal];
        }
        return "Command exited with status " + exitValue;
    }
}
