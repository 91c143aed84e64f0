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
package org.agora.scheduler.client.execute;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code agora-execute}: runs a command as tasks on the cluster, like Mesos's {@code mesos-execute}. See
 * {@link ExecuteOptions#USAGE} for the options. Exit status: 0 when every task finished; with one task that
 * failed with "Command exited with status N", N; 1 for other failures (tasks that did not finish, a master that
 * cannot be reached or refuses the framework, no master that takes the framework back after a failover within
 * {@code --failover-wait}); 2 for a wrong command line; 130 after Ctrl-C.
 */
public final class Execute {

    /** Exit status for a wrong command line. */
    static final int USAGE_ERROR = 2;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private Execute() {
    }

    /** Runs the tool and exits the JVM with its status. */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.config.file") == null) {
            // the client logs through System.Logger (JDK logging here): a command-line tool shows warnings only
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        }
        ExecuteOptions options;
        try {
            options = ExecuteOptions.parse(args, System.getProperty("user.name"));
        } catch (UsageException e) {
            System.exit(usage(e, System.out, System.err));
            return;
        }
        Execution execution = new Execution(options, System.out, System.err, REQUEST_TIMEOUT);
        Thread onCtrlC = new Thread(execution::interrupt, "agora-execute-interrupt");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        int status = execution.run();
        try {
            Runtime.getRuntime().removeShutdownHook(onCtrlC);
        } catch (IllegalStateException e) {
            // Ctrl-C came first: the hook has run or is running, and the JVM exits when it is done
        }
        System.out.flush();
        if (status == 0) {
            markArchiveWorthKeeping();
        }
        endHttpClientSelectors();
        System.exit(status);
    }

    /**
     * Ends the selector threads of the JDK's HTTP clients in this JVM (the client's subscription stream runs on one).
     * A JDK 17 {@code HttpClient} cannot be closed, its selector thread waits in native code, and the JVM waits up
     * to 300 ms at exit for threads in native code: every run ended 300 ms after its last line. An interrupted
     * selector thread stops. Only for this tool's own JVM, where no other client lives.
     *
     * @return the threads interrupted
     */
    static List<Thread> endHttpClientSelectors() {
        List<Thread> selectors = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
                .toList();
        selectors.forEach(Thread::interrupt);
        return selectors;
    }

    /**
     * bin/agora-execute takes the class archive that this JVM writes as it exits into use only after a run that
     * worked: a {@code --help} or a failed run loads too few of the classes a run needs to be worth keeping.
     */
    private static void markArchiveWorthKeeping() {
        String marker = System.getProperty("agora.execute.archive.marker");
        if (marker != null) {
            try {
                Files.write(Path.of(marker), new byte[0]);
            } catch (IOException | RuntimeException e) {
                // the archive is not kept, and a later run writes another
            }
        }
    }

    /**
     * Runs the tool without exiting the JVM, for tests and embedding: as {@link #main}, with its output on
     * {@code out} and {@code err}, and no Ctrl-C handling.
     *
     * @param args           the command line
     * @param requestTimeout how long one request to a master may take
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Duration requestTimeout) {
        try {
            return new Execution(ExecuteOptions.parse(args, System.getProperty("user.name")), out, err,
                    requestTimeout).run();
        } catch (UsageException e) {
            return usage(e, out, err);
        }
    }

    /** Prints the usage: on {@code out} for {@code --help} (status 0), else with the mistake on {@code err}. */
    static int usage(UsageException e, PrintStream out, PrintStream err) {
        if (e.isHelp()) {
            out.print(ExecuteOptions.USAGE);
            return 0;
        }
        err.println("agora-execute: " + e.getMessage());
        err.print(ExecuteOptions.USAGE);
        return USAGE_ERROR;
    }
}
