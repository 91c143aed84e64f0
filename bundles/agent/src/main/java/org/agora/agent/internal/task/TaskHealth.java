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

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.agora.agent.internal.health.CommandProbe;
import org.agora.agent.internal.health.ContainerEntry;
import org.agora.agent.internal.health.HealthCheckers;
import org.agora.agent.internal.health.HealthHistory;
import org.agora.agent.internal.health.HealthProbe;
import org.agora.agent.internal.health.HealthReport;
import org.agora.agent.internal.health.HealthTiming;
import org.agora.agent.internal.health.HttpProbe;
import org.agora.agent.internal.health.TcpProbe;
import org.agora.agent.internal.launcher.Account;
import org.agora.agent.internal.launcher.CommandLauncher;
import org.agora.api.health.HealthCheckValidation;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.HealthCheck;
import org.agora.api.v1.Protos.NetworkInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's command and default executors health checking their tasks ({@code TaskInfo.health_check}), as Mesos's
 * built-in executors do: checks start once the task runs, their results come back to the actor, a change of health
 * is a TASK_RUNNING update with {@code healthy} and reason REASON_TASK_HEALTH_CHECK_STATUS_UPDATED (every failure
 * counted is reported, a success only when it is the first or follows failures), and {@code consecutive_failures}
 * failures in a row kill the task (a default executor's task with its group): it ends TASK_KILLED with
 * {@code healthy: false}. Checks stop when a kill begins or the task's process ends. Actor thread only, except the
 * checks themselves, which run on {@link HealthCheckers}' threads.
 */
final class TaskHealth {
    private static final Logger LOG = LoggerFactory.getLogger(TaskHealth.class);
    /** The sandbox's path inside a task's image, as the containerizer mounts it (Mesos's). */
    private static final String IMAGE_SANDBOX = "/mnt/mesos/sandbox";

    private final AgentContext ctx;
    private final CommandTasks tasks;
    private final HealthCheckers checkers = new HealthCheckers();
    /** Kills a task as a KILL from the master would (a default executor's task takes its group with it). */
    private BiConsumer<FrameworkRecord, TaskRun> kill;

    TaskHealth(AgentContext ctx, CommandTasks tasks) {
        this.ctx = ctx;
        this.tasks = tasks;
        this.kill = (fw, run) -> tasks.kill(fw, run, ctx.gracePeriod(run.info));
    }

    void killWith(BiConsumer<FrameworkRecord, TaskRun> killer) {
        this.kill = killer;
    }

    /** The task runs: its health check, if it has one, starts (the first check after the check's delay). */
    void start(FrameworkRecord fw, TaskRun run) {
        if (!run.info.hasHealthCheck() || run.health != null || ctx.stopped) {
            return;
        }
        HealthCheck check = run.info.getHealthCheck();
        Optional<String> invalid = HealthCheckValidation.problem(check);
        if (invalid.isPresent()) {
            // refused before launch (TaskValidation); a recovered task from an older agent is left unchecked
            LOG.warn("Not health checking task {} of framework {}: {}", taskId(run), fw.id(), invalid.get());
            return;
        }
        HealthTiming timing = HealthTiming.of(check);
        run.healthHistory = new HealthHistory(timing, System.nanoTime());
        run.health = checkers.start("task " + taskId(run) + " of framework " + fw.id(), probe(run, check), timing,
                result -> ctx.post(() -> result(run, result)));
    }

    /** Stops the run's checks (a kill began, the process ended, the agent stops). */
    static void stop(TaskRun run) {
        if (run.health != null) {
            run.health.stop();
            run.health = null;
        }
    }

    /** The agent stops: every check ends. */
    void close() {
        checkers.close();
    }

    private void result(TaskRun run, Optional<String> failure) {
        if (run.health == null || run.phase != TaskRun.Phase.RUNNING || run.killing || run.exited) {
            return; // a result that crossed the task's end or its kill: Mesos sends nothing after those
        }
        FrameworkRecord fw = tasks.framework(run);
        Optional<HealthReport> report;
        if (failure.isEmpty()) {
            report = run.healthHistory.succeeded();
        } else {
            report = run.healthHistory.failed(failure.get(), System.nanoTime());
            if (report.isEmpty()) {
                LOG.info("Ignoring a failed health check of task {} of framework {}: still in its grace period ({})",
                        taskId(run), run.frameworkId.getValue(), failure.get());
            }
        }
        if (report.isEmpty()) {
            return;
        }
        HealthReport r = report.get();
        if (r.healthy()) {
            LOG.info("Task {} of framework {} is healthy", taskId(run), run.frameworkId.getValue());
        } else {
            LOG.warn("Health check of task {} of framework {} failed {} time(s) in a row: {}", taskId(run),
                    run.frameworkId.getValue(), r.consecutiveFailures(), r.reason());
        }
        tasks.emitHealth(fw, run, r);
        if (r.kill()) {
            LOG.warn("Killing task {} of framework {}: {} consecutive failed health check(s)", taskId(run),
                    run.frameworkId.getValue(), r.consecutiveFailures());
            stop(run);
            run.killedByHealthCheck = "Task killed after " + r.consecutiveFailures()
                    + " consecutive failed health check(s): " + r.reason();
            if (run.group != null) {
                run.group.executor.unhealthy = true;
            }
            kill.accept(fw, run);
        }
    }

    private HealthProbe probe(TaskRun run, HealthCheck check) {
        boolean v6 = check.getType() == HealthCheck.Type.HTTP
                ? check.getHttp().getProtocol() == NetworkInfo.Protocol.IPv6
                : check.getTcp().getProtocol() == NetworkInfo.Protocol.IPv6;
        InetAddress host = loopback(v6);
        return switch (check.getType()) {
            case HTTP -> new HttpProbe(host, check.getHttp().getPort(), check.getHttp().getPath(),
                    "https".equals(check.getHttp().getScheme()));
            case TCP -> new TcpProbe(host, check.getTcp().getPort());
            default -> command(run, check.getCommand());
        };
    }

    private static InetAddress loopback(boolean v6) {
        try {
            return InetAddress.getByAddress(v6 ? new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
                    : new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // a literal address is never looked up
        }
    }

    /**
     * A COMMAND check runs as the task's user, in its sandbox, with its environment: the agent's MESOS_* variables,
     * the task's own and the check's (which win); in the task's cgroups and mount namespace ({@link ContainerEntry}).
     * Variables of type SECRET are left out (a check would resolve them every interval); Mesos ignores the check
     * command's {@code user} and {@code uris}, and so does this.
     */
    private HealthProbe command(TaskRun run, CommandInfo command) {
        Map<String, String> env = new LinkedHashMap<>(run.mesosVariables(ctx.agentId(), ctx.agentEndpoint));
        putPlain(env, run.info.getCommand().getEnvironment());
        putPlain(env, command.getEnvironment());
        env.putIfAbsent("PATH", CommandLauncher.DEFAULT_PATH);
        CommandInfo plain = command.toBuilder().clearUser().clearUris().build();
        if (run.info.hasContainer() && run.info.getContainer().getMesos().hasImage()) {
            env.put("MESOS_SANDBOX", IMAGE_SANDBOX); // where the task sees its sandbox, inside its image
        }
        String user = run.user;
        long taskPid = run.process.pid();
        return new CommandProbe(() -> {
            Optional<String> runAs = ctx.launcher.runAs(user);
            Optional<Account> account = runAs.isPresent() ? Optional.of(ctx.launcher.accounts().lookup(runAs.get()))
                    : Optional.empty();
            return ContainerEntry.argv(taskPid, plain, account);
        }, env, run.sandbox, command.getValue());
    }

    private static void putPlain(Map<String, String> env, Environment environment) {
        for (Environment.Variable v : environment.getVariablesList()) {
            if (v.getType() != Environment.Variable.Type.SECRET) {
                env.put(v.getName(), v.getValue());
            }
        }
    }

    private static String taskId(TaskRun run) {
        return run.info.getTaskId().getValue();
    }
}
