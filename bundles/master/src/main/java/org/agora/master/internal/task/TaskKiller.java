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
package org.agora.master.internal.task;

import org.agora.api.v1.scheduler.Protos.Call;
import org.agora.master.internal.framework.FrameworkRecord;

/**
 * Kills a framework's task on its agent. What executors need of tasks: shutting down a command task's executor is
 * killing its task (the executor id is the task id). Keeps {@link ExecutorManager} off {@link TaskManager}'s
 * internals.
 */
public interface TaskKiller {

    /** A KILL from the framework (or on its behalf); an unknown task is reconciled instead. */
    void kill(FrameworkRecord f, Call.Kill kill);
}
