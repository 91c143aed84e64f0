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

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.agora.agent.internal.fetcher.Fetcher;
import org.agora.agent.internal.launcher.ContainerizerSlot;
import org.agora.agent.internal.launcher.ExitWatcher;
import org.agora.agent.internal.launcher.LaunchException;
import org.agora.agent.internal.launcher.SecretSlot;
import org.agora.agent.internal.launcher.UserAccounts;

/**
 * Where launches run: a few launcher threads for sandboxes, process starts and signals, and fetcher threads for tasks
 * with URIs (downloads block). Also decides which user a task runs as. Its methods are called on the actor thread.
 */
final class TaskLauncher {
    private final boolean switchUser;
    private final boolean agentIsRoot = UserAccounts.currentUid() == 0;
    private final String agentUser = System.getProperty("user.name", "");
    private final ExecutorService launchers;
    private final ExecutorService fetchers;
    private final UserAccounts accounts = new UserAccounts();
    private final Fetcher fetcher = new Fetcher(Fetcher.defaultClient());
    private final TaskKiller killer;
    private final ExitWatcher exitWatcher = new ExitWatcher(Duration.ofMillis(250));
    private final ContainerizerSlot containerizer;
    private final SecretSlot secrets;

    TaskLauncher(TaskSettings settings, ScheduledExecutorService actor, ContainerizerSlot containerizer,
            SecretSlot secrets) {
        this.containerizer = containerizer;
        this.secrets = secrets;
        this.switchUser = settings.switchUser();
        this.launchers = Executors.newFixedThreadPool(settings.launcherThreads(), threads("agora-launcher-"));
        this.fetchers = Executors.newFixedThreadPool(settings.fetcherThreads(), threads("agora-fetcher-"));
        this.killer = new TaskKiller(actor, launchers);
    }

    /**
     * The user to switch to for a task of {@code user}: empty to run as the agent's own user (switching is off, the
     * task names no user or the agent's).
     *
     * @throws LaunchException when the agent, not being root, cannot run the task as that user
     */
    Optional<String> runAs(String user) throws LaunchException {
        if (!switchUser || user.isEmpty() || user.equals(agentUser)) {
            return Optional.empty();
        }
        if (!agentIsRoot) {
            throw new LaunchException("the agent runs as '" + agentUser + "' and cannot run tasks as '" + user
                    + "' (switch_user=false runs every task as the agent's user)");
        }
        return Optional.of(user);
    }

    /** The user accounts tasks run as, looked up through the name service (launcher or health-check threads). */
    UserAccounts accounts() {
        return accounts;
    }

    String agentUser() {
        return agentUser;
    }

    /**
     * Starts preparing and launching a task's command.
     *
     * @throws RejectedExecutionException when the agent is stopping
     */
    LaunchJob launch(LaunchJob.Request request, LaunchJob.Listener listener) {
        LaunchJob job = new LaunchJob(request, accounts, fetcher, exitWatcher, containerizer, secrets, listener);
        (request.command().getUrisCount() > 0 ? fetchers : launchers).execute(job);
        return job;
    }

    /**
     * Goes on with a launch that waited for a containerizer, on a launcher thread; {@code stopped} instead when the
     * agent is stopping.
     */
    void resume(Runnable launch, Runnable stopped) {
        try {
            launchers.execute(launch);
        } catch (RejectedExecutionException e) {
            stopped.run();
        }
    }

    ContainerizerSlot containerizer() {
        return containerizer;
    }

    TaskKiller killer() {
        return killer;
    }

    /** Watches adopted processes, which are not the agent's children. */
    ExitWatcher exitWatcher() {
        return exitWatcher;
    }

    void stop() {
        launchers.shutdownNow();
        fetchers.shutdownNow();
        exitWatcher.close();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
