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

import org.agora.api.ids.Ids;
import org.agora.api.v1.Protos.TaskState;
import org.agora.api.v1.Protos.TaskStatus;
import org.agora.api.v1.executor.Protos.Call;

/**
 * The checks Mesos's agent makes of an executor call in itself (src/slave/validation.cpp), with its messages, and the
 * id rule of {@link Ids} for the ids it names (they are looked up, never used as paths, but a call naming an id no
 * task can have is malformed).
 */
public final class ExecutorCallChecks {
    private ExecutorCallChecks() {
    }

    /**
     * @throws ExecutorCallException (bad request) naming what is wrong
     */
    public static void check(Call call) {
        String executor = call.getExecutorId().getValue();
        String framework = call.getFrameworkId().getValue();
        id("Framework ID", framework);
        id("Executor ID", executor);
        switch (call.getType()) {
            case SUBSCRIBE -> require(call.hasSubscribe(), "subscribe");
            case UPDATE -> {
                require(call.hasUpdate(), "update");
                TaskStatus status = call.getUpdate().getStatus();
                id("Task ID", status.getTaskId().getValue());
                require(status.hasUuid(), "uuid");
                if (status.getUuid().size() != 16) {
                    throw ExecutorCallException.badRequest("'update.status.uuid' is not a valid UUID (16 bytes)");
                }
                if (status.hasExecutorId() && !status.getExecutorId().getValue().equals(executor)) {
                    throw ExecutorCallException.badRequest("ExecutorID in Call: " + executor
                            + " does not match ExecutorID in TaskStatus: " + status.getExecutorId().getValue());
                }
                if (status.getSource() != TaskStatus.Source.SOURCE_EXECUTOR) {
                    throw ExecutorCallException.badRequest("Received Call from executor " + executor
                            + " of framework " + framework + " with invalid source, expecting 'SOURCE_EXECUTOR'");
                }
                if (status.getState() == TaskState.TASK_STAGING) {
                    throw ExecutorCallException.badRequest("Received TASK_STAGING from executor " + executor
                            + " of framework " + framework + " which is not allowed");
                }
            }
            case MESSAGE -> require(call.hasMessage(), "message");
            case HEARTBEAT -> { }
            default -> throw ExecutorCallException.badRequest("Expecting 'type' to be present");
        }
    }

    private static void id(String kind, String value) {
        Ids.problem(kind, value).ifPresent(problem -> {
            throw ExecutorCallException.badRequest(problem);
        });
    }

    private static void require(boolean present, String field) {
        if (!present) {
            throw ExecutorCallException.badRequest("Expecting '" + field + "' to be present");
        }
    }
}
