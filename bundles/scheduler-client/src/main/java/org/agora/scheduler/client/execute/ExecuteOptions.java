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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.agora.api.tls.TlsMaterial;
import org.agora.api.tls.TlsMaterialException;
import org.agora.scheduler.client.internal.BasicCredentials;
import org.agora.scheduler.client.internal.HostPort;

/**
 * The options of {@code agora-execute}, checked.
 *
 * @param master        {@code host:port} or {@code zk://...}
 * @param name          the task name
 * @param command       the command line (a shell command, or with {@code shell == false} the program and its
 *                      arguments separated by spaces)
 * @param instances     how many copies to launch, at least 1
 * @param cpus          CPUs per task, positive
 * @param mem           memory per task in MB, positive
 * @param role          the role to subscribe with
 * @param env           environment variables of the task, in the order given
 * @param shell         run the command through {@code /bin/sh -c}
 * @param user          the user tasks run as (FrameworkInfo.user)
 * @param frameworkName the framework's name
 * @param json          talk JSON instead of protobuf to the master
 * @param failoverWait  how long to wait for a re-subscription after losing the master before giving up
 * @param failoverTimeout the framework's {@code failover_timeout} in seconds: how long the master keeps the
 *                      framework and its tasks while it is disconnected (0, as mesos-execute: not at all)
 * @param checkpoint    the framework's {@code checkpoint}: its tasks survive an agent restart, and a master does
 *                      not count them lost when their agent leaves it
 * @param ca            the CAs that the master's certificate must chain to (PEM bundle or PKCS12 truststore):
 *                      HTTPS with them; empty: HTTPS with the JDK's CAs for an {@code https://} master, else HTTP
 * @param principal     the framework's principal ({@code FrameworkInfo.principal}); empty for none
 * @param credentials   HTTP Basic credentials (the principal and the secret of {@code --secret-file}) sent with every
 *                      request; empty for none
 * @param warnings      things to tell the user before starting (a secret file others may read)
 */
record ExecuteOptions(String master, String name, String command, int instances, double cpus, double mem,
        String role, Map<String, String> env, boolean shell, String user, String frameworkName, boolean json,
        Duration failoverWait, double failoverTimeout, boolean checkpoint, Optional<Path> ca,
        Optional<String> principal, Optional<BasicCredentials> credentials, List<String> warnings) {

    /** How long agora-execute waits for a re-subscription unless {@code --failover-wait} says otherwise. */
    static final Duration DEFAULT_FAILOVER_WAIT = Duration.ofSeconds(60);

    static final String USAGE = """
            Usage: agora-execute --master [https://]HOST:PORT|zk://HOST:PORT[,...]/PATH --command CMD [options]

            Launches CMD as NAME on the cluster's agents through the Mesos v1 scheduler API, prints each task's
            state changes, and exits 0 when every task finished (with one task: the command's exit status), else 1.
            Ctrl-C kills the tasks and tears the framework down. When the master goes away (a failover), it
            re-subscribes to the new leader with its framework id, reconciles its tasks and carries on; it gives up
            (status 1) when the master refuses the framework or none takes it back within --failover-wait.

            Options:
              --master HOST:PORT|zk://...  the master, or the ZooKeeper group of the masters (required);
                                           https://HOST:PORT speaks HTTPS, trusting the JDK's CAs
              --ca FILE                    speak HTTPS, trusting the CA certificates in FILE (PEM) for the
                                           master's certificate, which must also name the master's address
              --principal P                the framework's principal (FrameworkInfo.principal); with
                                           --secret-file, also the HTTP Basic user every request authenticates as
                                           (masters with authenticate.frameworks on answer 401 without it)
              --secret-file FILE           the principal's secret: the file's content, trailing line breaks
                                           ignored; keep it private (chmod 600), a warning says when it is not.
                                           Use with --ca or https://: Basic credentials are not encrypted
              --name NAME                  the task name (default agora-execute)
              --command CMD                the command to run (required); a shell command unless --no-shell
              --instances N                how many copies to launch, as many per offer as fit (default 1)
              --cpus CPUS                  CPUs per task (default 0.1)
              --mem MB                     memory per task in MB (default 32)
              --role ROLE                  the role to ask resources for (default '*')
              --env K=V                    an environment variable of the task; repeat for more
              --no-shell                   run CMD without a shell: its words are the program and its arguments
              --user USER                  the user tasks run as (default: the current user)
              --framework-name NAME        the framework's name (default agora-execute)
              --json                       speak JSON to the master instead of protobuf
              --failover-wait SECS         how long to wait for a leading master after losing one (default 60)
              --failover-timeout SECS      the framework's failover_timeout: how long the master keeps it and its
                                           tasks while it is disconnected (default 0, as mesos-execute)
              --checkpoint                 checkpoint the framework: its tasks survive an agent restart
              --help                       print this text
            """;

    /** A year: longer failover timeouts are surely a mistake (Mesos takes up to ~292 years, we need not). */
    private static final long MAX_SECONDS = 365L * 24 * 3600;

    private static final Set<String> FLAGS = Set.of("--no-shell", "--json", "--checkpoint", "--help");
    private static final Set<String> VALUED = Set.of("--master", "--name", "--command", "--instances", "--cpus",
            "--mem", "--role", "--env", "--user", "--framework-name", "--failover-wait", "--failover-timeout",
            "--ca", "--principal", "--secret-file");

    ExecuteOptions {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(frameworkName, "frameworkName");
        Objects.requireNonNull(failoverWait, "failoverWait");
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(credentials, "credentials");
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env)); // keeps the order given
        warnings = List.copyOf(warnings);
    }

    /**
     * Parses the command line: {@code --option value} or {@code --option=value}.
     *
     * @param defaultUser the user when {@code --user} is not given
     * @throws UsageException naming the problem, or {@link UsageException#isHelp()} for {@code --help}
     */
    static ExecuteOptions parse(String[] args, String defaultUser) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        boolean shell = true;
        boolean json = false;
        boolean checkpoint = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                option = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (option.equals("-h") || option.equals("--help")) {
                throw UsageException.help();
            }
            if (FLAGS.contains(option)) {
                if (value != null) {
                    throw new UsageException("option " + option + " takes no value");
                }
                switch (option) {
                    case "--no-shell" -> shell = false;
                    case "--json" -> json = true;
                    default -> checkpoint = true;
                }
                continue;
            }
            if (!VALUED.contains(option)) {
                throw new UsageException(arg.startsWith("-") ? "unknown option '" + option + "'"
                        : "unexpected argument '" + arg + "' (quote a command with spaces: --command 'CMD ARGS')");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + option + " needs a value");
                }
                value = args[++i];
            }
            if (option.equals("--env")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--env '" + value + "': expected NAME=VALUE");
                }
                env.put(value.substring(0, eq), value.substring(eq + 1));
            } else if (values.putIfAbsent(option, value) != null) {
                throw new UsageException("option " + option + " given twice");
            }
        }
        String master = required(values, "--master");
        String name = values.getOrDefault("--name", "agora-execute");
        String command = required(values, "--command");
        if (!master.startsWith("zk://")) {
            try {
                HostPort.parse(master);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--master: " + e.getMessage());
            }
        }
        if (!shell && command.isBlank()) {
            throw new UsageException("--command: empty command");
        }
        int instances = (int) number(values, "--instances", 1, true);
        double cpus = number(values, "--cpus", 0.1, false);
        double mem = number(values, "--mem", 32, false);
        String role = values.getOrDefault("--role", "*");
        if (role.isEmpty() || role.chars().anyMatch(Character::isWhitespace) || role.startsWith("/")
                || role.startsWith("-") || role.equals(".") || role.equals("..")) {
            throw new UsageException("--role '" + role + "': not a valid role name");
        }
        String user = values.getOrDefault("--user", defaultUser);
        if (user == null || user.isBlank()) {
            throw new UsageException("--user: no user given and the current user is unknown");
        }
        String frameworkName = values.getOrDefault("--framework-name", "agora-execute");
        if (frameworkName.isBlank()) {
            throw new UsageException("--framework-name: empty");
        }
        double wait = number(values, "--failover-wait", DEFAULT_FAILOVER_WAIT.toSeconds(), false);
        double failoverTimeout = seconds(values, "--failover-timeout");
        Optional<Path> ca = Optional.ofNullable(values.get("--ca")).map(Path::of);
        if (ca.isPresent()) {
            try {
                TlsMaterial.trustManagers(ca.get(), null);
            } catch (TlsMaterialException e) {
                throw new UsageException("--ca " + e.getMessage());
            }
        }
        Optional<String> principal = Optional.ofNullable(values.get("--principal"));
        Optional<BasicCredentials> credentials = Optional.empty();
        List<String> warnings = new ArrayList<>();
        if (principal.isPresent() && principal.get().isEmpty()) {
            throw new UsageException("--principal: empty");
        }
        if (values.containsKey("--secret-file")) {
            if (principal.isEmpty()) {
                throw new UsageException("--secret-file needs --principal: the secret is that principal's");
            }
            SecretFile secret = SecretFile.read(Path.of(values.get("--secret-file")));
            secret.warning().ifPresent(warnings::add);
            try {
                credentials = Optional.of(new BasicCredentials(principal.get(), secret.secret()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--principal: " + e.getMessage());
            }
            if (ca.isEmpty() && !master.startsWith("https://")) {
                warnings.add("sending the secret without TLS (no --ca, no https:// master): anyone on the way can "
                        + "read it");
            }
        }
        return new ExecuteOptions(master, name, command, instances, cpus, mem, role, env, shell, user,
                frameworkName, json, Duration.ofMillis(Math.round(wait * 1000)), failoverTimeout, checkpoint, ca,
                principal, credentials, warnings);
    }

    /** The program and its arguments for {@code --no-shell}: the command's words. */
    List<String> argv() {
        List<String> words = new ArrayList<>();
        for (String word : command.strip().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static String required(Map<String, String> values, String option) throws UsageException {
        String value = values.get(option);
        if (value == null || value.isBlank()) {
            throw new UsageException("option " + option + " is required");
        }
        return value;
    }

    /** A duration in seconds that may be 0; 0 when not given. */
    private static double seconds(Map<String, String> values, String option) throws UsageException {
        String text = values.get(option);
        if (text == null) {
            return 0;
        }
        try {
            double d = Double.parseDouble(text.strip());
            if (Double.isFinite(d) && d >= 0 && d <= MAX_SECONDS) {
                return d;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new UsageException(option + " '" + text + "': expected a number of seconds from 0 to " + MAX_SECONDS);
    }

    private static double number(Map<String, String> values, String option, double fallback, boolean integer)
            throws UsageException {
        String text = values.get(option);
        if (text == null) {
            return fallback;
        }
        try {
            if (integer) {
                int n = Integer.parseInt(text.strip());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            }
            double d = Double.parseDouble(text.strip());
            // Mesos keeps three decimals: anything below 0.001 is zero
            if (!Double.isFinite(d) || Math.round(d * 1000) < 1) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + text + "': expected a " + (integer ? "whole number" : "number")
                    + " of at least " + (integer ? "1" : "0.001"));
        }
    }
}
