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
package org.agora.services.internal.scheduler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.PortDefinition;
import org.agora.services.internal.app.ReadinessCheck;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.instance.Instance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marathon's readiness checks, run by the scheduler: during a deployment, each instance of the target launched
 * since the deployment began is asked (HTTP GET to its host and the port named by the check) once it is running
 * and healthy, every {@code intervalSeconds}, until one answer has a status in {@code httpStatusCodesForReady}; then
 * it is ready for the deployment and asked no more. Instances that ran before the deployment began count as ready
 * (they were checked when they were new). The requests run on the HTTP client's threads; their results come back
 * to the actor. Results live in memory for the term: a new leader asks again. Actor-confined.
 */
final class ReadinessChecks {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessChecks.class);
    /** How much of an answer's body {@code preserveLastResponse} keeps. */
    private static final int BODY_LIMIT = 4096;

    /** The last result of an instance's check. */
    private record Result(String name, boolean ready, Optional<Map<String, Object>> lastResponse,
            Instant checkedAt, boolean inFlight) {
    }

    private final Term term;
    private final HttpClient http;
    private final Map<String, Result> results = new HashMap<>();

    ReadinessChecks(Term term) {
        this.term = term;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Whether {@code i}, an instance of {@code d}'s target, is ready for {@code d} as far as readiness goes. */
    boolean ready(Deployment d, AppDefinition target, Instance i) {
        if (!target.hasReadinessChecks() || !newIn(d, i)) {
            return true;
        }
        Result r = results.get(i.taskId());
        return r != null && r.ready();
    }

    /** Starts the checks that are due for the new instances of {@code d}'s target. */
    void check(Deployment d, AppDefinition target) {
        if (!target.hasReadinessChecks()) {
            return;
        }
        ReadinessCheck check = target.readinessChecks().get(0);
        Instant now = term.now();
        for (Instance i : term.instancesOf(target.id())) {
            Result last = results.get(i.taskId());
            boolean due = last == null || !last.inFlight() && !last.ready()
                    && !now.isBefore(last.checkedAt().plusSeconds(check.intervalSeconds()));
            if (!i.killing() && i.configVersion().equals(target.lastConfigChangeAt()) && newIn(d, i)
                    && i.ready(target.hasHealthChecks()) && due) {
                start(target, check, i, last, now);
            }
        }
        results.keySet().removeIf(taskId -> !term.state.instances.containsKey(taskId));
    }

    /** Marathon's {@code readinessCheckResults} of {@code d}'s current action. */
    List<Map<String, Object>> results(Deployment d) {
        List<Map<String, Object>> out = new ArrayList<>();
        d.target().filter(AppDefinition::hasReadinessChecks).ifPresent(target -> {
            for (Instance i : term.instancesOf(target.id())) {
                Result r = results.get(i.taskId());
                if (r != null && i.configVersion().equals(target.lastConfigChangeAt())) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", r.name());
                    m.put("taskId", i.taskId());
                    m.put("ready", r.ready());
                    r.lastResponse().ifPresent(resp -> m.put("lastResponse", resp));
                    out.add(m);
                }
            }
        });
        return out;
    }

    private boolean newIn(Deployment d, Instance i) {
        return !i.stagedAt().isBefore(Versions.parse(d.version()));
    }

    private void start(AppDefinition app, ReadinessCheck check, Instance i, Result last, Instant now) {
        Optional<URI> uri = uri(app, check, i);
        if (uri.isEmpty()) {
            return;
        }
        results.put(i.taskId(), new Result(check.name(), false, last == null ? Optional.empty()
                : last.lastResponse(), now, true));
        HttpRequest request = HttpRequest.newBuilder(uri.get()).timeout(Duration.ofSeconds(check.timeoutSeconds()))
                .GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenCompleteAsync((response, error) -> {
            boolean ready = error == null && check.httpStatusCodesForReady().contains(response.statusCode());
            Optional<Map<String, Object>> kept = Optional.empty();
            if (check.preserveLastResponse() && response != null) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("status", response.statusCode());
                r.put("contentType", response.headers().firstValue("Content-Type").orElse(""));
                String body = response.body();
                r.put("body", body.length() > BODY_LIMIT ? body.substring(0, BODY_LIMIT) : body);
                kept = Optional.of(r);
            }
            if (!term.state.instances.containsKey(i.taskId())) {
                return;
            }
            results.put(i.taskId(), new Result(check.name(), ready, kept, now, false));
            if (ready) {
                LOG.info("services: instance {} of app {} is ready ({} {} answered {})", i.taskId(), i.appId(),
                        check.name(), uri.get(), response.statusCode());
            } else {
                LOG.debug("services: instance {} of app {} is not ready yet: {} {} {}", i.taskId(), i.appId(),
                        check.name(), uri.get(), error != null ? error.toString() : "answered "
                                + response.statusCode());
            }
        }, term.actor());
    }

    private static Optional<URI> uri(AppDefinition app, ReadinessCheck check, Instance i) {
        List<PortDefinition> ports = app.portDefinitions();
        for (int p = 0; p < ports.size() && p < i.ports().size(); p++) {
            if (ports.get(p).name().equals(Optional.of(check.portName()))) {
                return Optional.of(URI.create(check.protocol().name().toLowerCase(Locale.ROOT) + "://" + i.host()
                        + ":" + i.ports().get(p) + check.path()));
            }
        }
        return Optional.empty();
    }
}
