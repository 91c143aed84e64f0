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
package org.agora.services.internal.app;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Marathon's rules for a parsed app definition; every broken rule is recorded at its field's path, so one 422 names
 * them all.
 */
public final class AppValidator {
    private AppValidator() {
    }

    /** @throws InvalidAppException naming every field that breaks a rule */
    public static void validate(AppDefinition a) {
        Violations v = new Violations();
        check(a, v);
        v.throwIfAny();
    }

    /** Records every rule {@code a} breaks in {@code v}. */
    public static void check(AppDefinition a, Violations v) {
        AppIds.problem(a.id()).ifPresent(p -> v.add("/id", p));
        if (a.cmd().isEmpty() && a.args().isEmpty() && a.container().flatMap(Container::image).isEmpty()) {
            v.add("/", "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.");
        }
        if (a.cmd().isPresent() && !a.args().isEmpty()) {
            v.add("/", "AppDefinition must either contain a 'cmd' or a 'args', but not both");
        }
        atLeast(v, "/instances", a.instances(), 0);
        atLeast(v, "/cpus", a.cpus(), 0);
        atLeast(v, "/mem", a.mem(), 0);
        atLeast(v, "/disk", a.disk(), 0);
        atLeast(v, "/gpus", a.gpus(), 0);
        ports(a, v);
        constraints(a, v);
        healthChecks(a, v);
        readinessChecks(a, v);
        double min = a.upgradeStrategy().minimumHealthCapacity();
        double over = a.upgradeStrategy().maximumOverCapacity();
        if (min < 0 || min > 1) {
            v.add("/upgradeStrategy/minimumHealthCapacity", "got " + min + ", expected between 0.0 and 1.0");
        }
        if (over < 0 || over > 1) {
            v.add("/upgradeStrategy/maximumOverCapacity", "got " + over + ", expected between 0.0 and 1.0");
        }
        atLeast(v, "/upgradeStrategy/deadlineSeconds", a.upgradeStrategy().deadlineSeconds(), 0);
        atLeast(v, "/upgradeStrategy/crashLoopLimit", a.upgradeStrategy().crashLoopLimit(), 0);
        a.upgradeStrategy().canary().ifPresent(c -> {
            atLeast(v, "/upgradeStrategy/canary/instances", c.instances(), 1);
            if (c.instances() > Math.max(1, a.instances())) {
                v.add("/upgradeStrategy/canary/instances", "got " + c.instances() + ", expected at most the app's "
                        + a.instances() + " instances");
            }
            atLeast(v, "/upgradeStrategy/canary/holdSeconds", c.holdSeconds(), 0);
        });
        atLeast(v, "/backoffSeconds", a.backoff().backoffSeconds(), 0);
        if (a.backoff().backoffFactor() < 1.0) {
            v.add("/backoffFactor", "got " + a.backoff().backoffFactor() + ", expected 1.0 or more");
        }
        atLeast(v, "/maxLaunchDelaySeconds", a.backoff().maxLaunchDelaySeconds(), 0);
        a.secrets().envRefs().forEach((name, secret) -> {
            if (!a.secrets().sources().containsKey(secret)) {
                v.add("/env/" + name, "references an undefined secret named '" + secret + "'");
            }
        });
        List<Container.Volume> volumes = a.container().map(Container::volumes).orElse(List.of());
        for (int i = 0; i < volumes.size(); i++) {
            String secret = volumes.get(i).secret().orElse(null);
            if (secret != null && !a.secrets().sources().containsKey(secret)) {
                v.add("/container/volumes(" + i + ")/secret", "references an undefined secret named '" + secret
                        + "'");
            }
        }
        a.secrets().sources().forEach((name, source) -> {
            EnvSecrets.Reference ref = EnvSecrets.reference(source);
            if (ref.name().isBlank() || ref.key().map(String::isBlank).orElse(false)) {
                v.add("/secrets/" + name + "/source", "must be a non-empty name, with an optional non-empty @key");
            }
        });
        for (String dep : a.dependencies()) {
            AppIds.problem(dep).ifPresent(p -> v.add("/dependencies", "'" + dep + "': " + p));
            if (dep.equals(a.id())) {
                v.add("/dependencies", "an app cannot depend on itself");
            }
        }
        for (int i = 0; i < a.fetch().size(); i++) {
            if (a.fetch().get(i).uri().isBlank()) {
                v.add("/fetch(" + i + ")/uri", "must not be empty");
            }
        }
    }

    private static void ports(AppDefinition a, Violations v) {
        Set<Integer> fixed = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < a.portDefinitions().size(); i++) {
            PortDefinition p = a.portDefinitions().get(i);
            String path = "/portDefinitions(" + i + ")";
            if (p.port() < 0 || p.port() > 65535) {
                v.add(path + "/port", "got " + p.port() + ", expected between 0 and 65535");
            } else if (p.port() != 0 && !fixed.add(p.port())) {
                v.add("/portDefinitions", "Ports must be unique: " + p.port() + " is given more than once");
            }
            if (p.name().isPresent() && !names.add(p.name().get())) {
                v.add("/portDefinitions", "Port names must be unique: '" + p.name().get() + "' is given twice");
            }
            if (!Set.of("tcp", "udp", "udp,tcp", "tcp,udp").contains(p.protocol())) {
                v.add(path + "/protocol", "must be tcp, udp or udp,tcp, got '" + p.protocol() + "'");
            }
        }
    }

    private static void constraints(AppDefinition a, Violations v) {
        for (int i = 0; i < a.constraints().size(); i++) {
            Constraint c = a.constraints().get(i);
            String path = "/constraints(" + i + ")";
            switch (c.operator()) {
                case UNIQUE -> {
                    if (c.value().isPresent()) {
                        v.add(path, "UNIQUE does not take a value");
                    }
                }
                case CLUSTER, IS -> {
                    if (c.value().isEmpty() || c.value().get().isEmpty()) {
                        v.add(path, c.operator() + " requires a non-empty value");
                    }
                }
                case LIKE, UNLIKE -> {
                    if (c.value().isEmpty()) {
                        v.add(path, c.operator() + " requires a regular expression");
                    } else {
                        try {
                            Pattern.compile(c.value().get());
                        } catch (PatternSyntaxException e) {
                            v.add(path, "'" + c.value().get() + "' is not a valid regular expression");
                        }
                    }
                }
                case MAX_PER -> positiveCount(c, path, v, true);
                case GROUP_BY -> positiveCount(c, path, v, false);
                default -> throw new IllegalStateException("unknown operator " + c.operator());
            }
        }
    }

    private static void positiveCount(Constraint c, String path, Violations v, boolean required) {
        if (c.value().isEmpty()) {
            if (required) {
                v.add(path, c.operator() + " requires a positive integer value");
            }
            return;
        }
        try {
            if (Integer.parseInt(c.value().get()) <= 0) {
                v.add(path, c.operator() + " requires a positive integer value, got '" + c.value().get() + "'");
            }
        } catch (NumberFormatException e) {
            v.add(path, c.operator() + " requires a positive integer value, got '" + c.value().get() + "'");
        }
    }

    private static void healthChecks(AppDefinition a, Violations v) {
        for (int i = 0; i < a.healthChecks().size(); i++) {
            HealthCheck h = a.healthChecks().get(i);
            String path = "/healthChecks(" + i + ")";
            if (h.protocol() == HealthCheck.Protocol.COMMAND) {
                if (h.command().isEmpty() || h.command().get().isBlank()) {
                    v.add(path + "/command", "a COMMAND health check needs command.value");
                }
            } else if (h.port().isEmpty() && (h.portIndex() < 0 || h.portIndex() >= a.portDefinitions().size())) {
                v.add(path + "/portIndex", "portIndex " + h.portIndex() + " names none of the app's "
                        + a.portDefinitions().size() + " port definitions");
            }
            atLeast(v, path + "/gracePeriodSeconds", h.gracePeriodSeconds(), 0);
            atLeast(v, path + "/intervalSeconds", h.intervalSeconds(), 1);
            atLeast(v, path + "/timeoutSeconds", h.timeoutSeconds(), 1);
            atLeast(v, path + "/maxConsecutiveFailures", h.maxConsecutiveFailures(), 0);
            atLeast(v, path + "/delaySeconds", h.delaySeconds(), 0);
        }
    }

    private static void readinessChecks(AppDefinition a, Violations v) {
        if (a.readinessChecks().size() > 1) {
            v.add("/readinessChecks", "Only one readiness check is supported, got " + a.readinessChecks().size());
        }
        for (int i = 0; i < a.readinessChecks().size(); i++) {
            ReadinessCheck r = a.readinessChecks().get(i);
            String path = "/readinessChecks(" + i + ")";
            if (a.portDefinitions().stream().noneMatch(p -> p.name().equals(java.util.Optional.of(r.portName())))) {
                v.add(path + "/portName", "no port definition is named '" + r.portName() + "'");
            }
            if (r.name().isEmpty()) {
                v.add(path + "/name", "must not be empty");
            }
            if (!r.path().startsWith("/")) {
                v.add(path + "/path", "must start with /, got '" + r.path() + "'");
            }
            atLeast(v, path + "/intervalSeconds", r.intervalSeconds(), 1);
            atLeast(v, path + "/timeoutSeconds", r.timeoutSeconds(), 1);
            if (r.timeoutSeconds() >= r.intervalSeconds()) {
                v.add(path + "/timeoutSeconds", "must be less than intervalSeconds (" + r.intervalSeconds() + ")");
            }
            if (r.httpStatusCodesForReady().isEmpty()) {
                v.add(path + "/httpStatusCodesForReady", "must not be empty");
            }
            for (int code : r.httpStatusCodesForReady()) {
                if (code < 100 || code > 599) {
                    v.add(path + "/httpStatusCodesForReady", "got " + code + ", expected an HTTP status (100 to 599)");
                }
            }
        }
    }

    private static void atLeast(Violations v, String path, double value, double min) {
        if (value < min) {
            String shown = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
            String lower = min == Math.rint(min) ? Long.toString((long) min) : Double.toString(min);
            v.add(path, "got " + shown + ", expected " + lower + " or more");
        }
    }
}
