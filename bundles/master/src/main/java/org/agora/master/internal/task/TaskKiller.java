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
