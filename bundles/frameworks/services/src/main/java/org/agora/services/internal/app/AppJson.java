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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that knows Marathon's JSON for an app: {@link #parse} reads a definition (applying Marathon's
 * defaults, recording wrong types in {@link Violations}), {@link #render} writes one back with every field, as
 * {@code GET /v2/apps/{id}} answers.
 */
public final class AppJson {
    private AppJson() {
    }

    /**
     * Reads a definition; the id falls back to {@code pathId} when the body has none. Values are not range-checked
     * here ({@link AppValidator} does that).
     *
     * @throws InvalidAppException listing every field of the wrong type
     */
    public static AppDefinition parse(Map<String, Object> json, Optional<String> pathId) {
        Violations v = new Violations();
        AppDefinition app = read(json, pathId, v);
        v.throwIfAny();
        return app;
    }

    /**
     * Reads and validates a definition from the API: one 422 names the fields of the wrong type and those that
     * break a rule together.
     *
     * @throws InvalidAppException listing every bad field
     */
    public static AppDefinition parseValid(Map<String, Object> json, Optional<String> pathId) {
        Violations v = new Violations();
        AppDefinition app = read(json, pathId, v);
        AppValidator.check(app, v);
        v.throwIfAny();
        return app;
    }

    /** Reads a definition, recording wrong types in {@code v}. */
    static AppDefinition read(Map<String, Object> json, Optional<String> pathId, Violations v) {
        JsonFields f = new JsonFields(json, "", v);
        String id = AppIds.normalize(f.string("id").or(() -> pathId).orElse(""));
        List<PortDefinition> ports = new ArrayList<>();
        List<Object> portItems = f.has("portDefinitions") ? f.array("portDefinitions") : legacyPorts(f);
        for (int i = 0; i < portItems.size(); i++) {
            ports.add(portDefinition(f, portItems.get(i), "/portDefinitions(" + i + ")"));
        }
        List<Constraint> constraints = new ArrayList<>();
        List<Object> cs = f.array("constraints");
        for (int i = 0; i < cs.size(); i++) {
            constraint(cs.get(i), "/constraints(" + i + ")", v).ifPresent(constraints::add);
        }
        List<HealthCheck> checks = new ArrayList<>();
        List<Object> hcs = f.array("healthChecks");
        for (int i = 0; i < hcs.size(); i++) {
            healthCheck(f, hcs.get(i), "/healthChecks(" + i + ")").ifPresent(checks::add);
        }
        List<ReadinessCheck> readiness = new ArrayList<>();
        List<Object> rcs = f.array("readinessChecks");
        for (int i = 0; i < rcs.size(); i++) {
            readinessCheck(f, rcs.get(i), "/readinessChecks(" + i + ")").ifPresent(readiness::add);
        }
        UpgradeStrategy upgrade = f.object("upgradeStrategy").map(m -> {
            JsonFields u = f.nested(m, "/upgradeStrategy");
            Optional<Canary> canary = u.object("canary").map(c -> canary(u.nested(c, "/upgradeStrategy/canary")));
            return new UpgradeStrategy(u.decimal("minimumHealthCapacity", 1.0), u.decimal("maximumOverCapacity", 1.0),
                    u.integer("deadlineSeconds", 0), u.integer("crashLoopLimit", 0), canary);
        }).orElse(UpgradeStrategy.DEFAULT);
        BackoffStrategy backoff = new BackoffStrategy(f.decimal("backoffSeconds", 1),
                f.decimal("backoffFactor", 1.15), f.decimal("maxLaunchDelaySeconds", 300));
        KillSelection kill = KillSelection.YOUNGEST_FIRST;
        Optional<String> ks = f.string("killSelection");
        if (ks.isPresent()) {
            try {
                kill = KillSelection.valueOf(ks.get());
            } catch (IllegalArgumentException e) {
                v.add("/killSelection", "must be YOUNGEST_FIRST or OLDEST_FIRST, got '" + ks.get() + "'");
            }
        }
        Optional<Container> container = f.object("container").map(m -> container(f.nested(m, "/container")));
        List<String> networks = networks(f);
        if (!networks.isEmpty()) {
            container = Optional.of(container.map(c -> new Container(c.image(), c.forcePull(), c.volumes(), networks))
                    .orElse(new Container(Optional.empty(), false, List.of(), networks)));
        }
        List<FetchUri> fetch = new ArrayList<>();
        List<Object> fs = f.array("fetch");
        for (int i = 0; i < fs.size(); i++) {
            if (fs.get(i) instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                JsonFields u = f.nested((Map<String, Object>) m, "/fetch(" + i + ")");
                fetch.add(new FetchUri(u.string("uri").orElse(""), u.bool("extract", true),
                        u.bool("executable", false), u.bool("cache", false)));
            } else {
                v.add("/fetch(" + i + ")", "error.expected.jsobject");
            }
        }
        return new AppDefinition(id, f.string("cmd"), f.strings("args"), f.integer("instances", 1),
                f.decimal("cpus", AppDefinition.DEFAULT_CPUS), f.decimal("mem", AppDefinition.DEFAULT_MEM),
                f.decimal("disk", 0), f.integer("gpus", 0), env(f), f.stringMap("labels"),
                f.string("user"), ports, constraints, checks, readiness, upgrade, backoff, kill, f.string("role"),
                container, fetch, "", "", "", dependencies(f, id), secrets(f));
    }

    /**
     * Reads a definition written by {@link #render} (from the store), its version stamps included.
     *
     * @throws InvalidAppException if it is not one
     */
    public static AppDefinition parseStored(Map<String, Object> json) {
        AppDefinition a = parse(json, Optional.empty());
        Violations v = new Violations();
        JsonFields f = new JsonFields(json, "", v);
        String version = f.string("version").orElse("");
        Map<String, Object> info = f.object("versionInfo").orElse(Map.of());
        JsonFields i = f.nested(info, "/versionInfo");
        AppDefinition stamped = a.versioned(version, false, i.string("lastConfigChangeAt").orElse(version));
        return new AppDefinition(stamped.id(), stamped.cmd(), stamped.args(), stamped.instances(), stamped.cpus(),
                stamped.mem(), stamped.disk(), stamped.gpus(), stamped.env(), stamped.labels(), stamped.user(),
                stamped.portDefinitions(), stamped.constraints(), stamped.healthChecks(), stamped.readinessChecks(),
                stamped.upgradeStrategy(),
                stamped.backoff(), stamped.killSelection(), stamped.role(), stamped.container(), stamped.fetch(),
                version, i.string("lastScalingAt").orElse(version), stamped.lastConfigChangeAt(),
                stamped.dependencies(), stamped.secrets());
    }

    /** The plain variables of {@code env}; those naming a secret are read by {@link #secrets}. */
    private static Map<String, String> env(JsonFields f) {
        Map<String, String> out = new LinkedHashMap<>();
        f.object("env").ifPresent(m -> m.forEach((name, value) -> {
            if (value instanceof String s) {
                out.put(name, s);
            } else if (!(value instanceof Map)) {
                f.violations().add("/env/" + name, "error.expected.jsstring");
            }
        }));
        return out;
    }

    /** Marathon's {@code secrets} and the {@code env} variables of the form {@code {"secret": "<id>"}}. */
    private static EnvSecrets secrets(JsonFields f) {
        Map<String, String> sources = new LinkedHashMap<>();
        f.object("secrets").ifPresent(m -> m.forEach((name, value) -> {
            String path = "/secrets/" + name;
            if (value instanceof Map<?, ?> def) {
                @SuppressWarnings("unchecked")
                JsonFields s = f.nested((Map<String, Object>) def, path);
                s.string("source").ifPresentOrElse(src -> sources.put(name, src),
                        () -> f.violations().add(path + "/source", "error.path.missing"));
            } else {
                f.violations().add(path, "error.expected.jsobject");
            }
        }));
        Map<String, String> refs = new LinkedHashMap<>();
        f.object("env").ifPresent(m -> m.forEach((name, value) -> {
            if (value instanceof Map<?, ?> ref) {
                if (ref.get("secret") instanceof String id && ref.size() == 1) {
                    refs.put(name, id);
                } else {
                    f.violations().add("/env/" + name, "must be a string or {\"secret\": \"<secret id>\"}");
                }
            }
        }));
        return sources.isEmpty() && refs.isEmpty() ? EnvSecrets.NONE : new EnvSecrets(sources, refs);
    }

    /** {@code dependencies}, resolved against the app's group as Marathon does ({@code ../b}, {@code /b}). */
    private static List<String> dependencies(JsonFields f, String id) {
        String base = AppIds.parent(id);
        List<String> out = new ArrayList<>();
        for (String d : f.strings("dependencies")) {
            out.add(AppIds.resolve(base, d));
        }
        return out;
    }

    private static List<Object> legacyPorts(JsonFields f) {
        // Marathon's older "ports": [0, 0] means portDefinitions with those numbers
        List<Object> out = new ArrayList<>();
        for (Object p : f.array("ports")) {
            out.add(Map.of("port", p));
        }
        return out;
    }

    private static PortDefinition portDefinition(JsonFields f, Object item, String path) {
        if (!(item instanceof Map<?, ?> m)) {
            f.violations().add(path, "error.expected.jsobject");
            return new PortDefinition(0, "tcp", Optional.empty(), Map.of());
        }
        @SuppressWarnings("unchecked")
        JsonFields p = f.nested((Map<String, Object>) m, path);
        return new PortDefinition(p.integer("port", 0), p.string("protocol").orElse("tcp"), p.string("name"),
                p.stringMap("labels"));
    }

    private static Optional<Constraint> constraint(Object item, String path, Violations v) {
        if (!(item instanceof List<?> parts) || parts.size() < 2 || parts.size() > 3
                || !parts.stream().allMatch(String.class::isInstance)) {
            v.add(path, "Each constraint must be [field, operator] or [field, operator, value] of strings");
            return Optional.empty();
        }
        Constraint.Operator op;
        try {
            op = Constraint.Operator.valueOf((String) parts.get(1));
        } catch (IllegalArgumentException e) {
            v.add(path, "Constraint operator must be one of the following: [UNIQUE, CLUSTER, GROUP_BY, LIKE, "
                    + "UNLIKE, MAX_PER, IS], got '" + parts.get(1) + "'");
            return Optional.empty();
        }
        return Optional.of(new Constraint((String) parts.get(0), op,
                parts.size() == 3 ? Optional.of((String) parts.get(2)) : Optional.empty()));
    }

    private static Optional<HealthCheck> healthCheck(JsonFields f, Object item, String path) {
        if (!(item instanceof Map<?, ?> m)) {
            f.violations().add(path, "error.expected.jsobject");
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        JsonFields h = f.nested((Map<String, Object>) m, path);
        String protocol = h.string("protocol").orElse("HTTP").toUpperCase(Locale.ROOT);
        HealthCheck.Protocol p;
        try {
            p = HealthCheck.Protocol.valueOf(protocol);
        } catch (IllegalArgumentException e) {
            f.violations().add(path + "/protocol", "the agent runs MESOS_HTTP, MESOS_HTTPS, MESOS_TCP and COMMAND "
                    + "health checks; '" + protocol + "' (a check run by the scheduler) is not supported");
            return Optional.empty();
        }
        Optional<String> command = h.object("command").flatMap(c -> h.nested(c, path + "/command").string("value"));
        return Optional.of(new HealthCheck(p, h.string("path").orElse("/"), h.integer("portIndex", 0),
                h.has("port") ? Optional.of(h.integer("port", 0)) : Optional.empty(), command,
                h.integer("gracePeriodSeconds", HealthCheck.DEFAULT_GRACE_PERIOD_SECONDS),
                h.integer("intervalSeconds", HealthCheck.DEFAULT_INTERVAL_SECONDS),
                h.integer("timeoutSeconds", HealthCheck.DEFAULT_TIMEOUT_SECONDS),
                h.integer("maxConsecutiveFailures", HealthCheck.DEFAULT_MAX_CONSECUTIVE_FAILURES),
                h.integer("delaySeconds", HealthCheck.DEFAULT_DELAY_SECONDS)));
    }

    private static Optional<ReadinessCheck> readinessCheck(JsonFields f, Object item, String path) {
        if (!(item instanceof Map<?, ?> m)) {
            f.violations().add(path, "error.expected.jsobject");
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        JsonFields r = f.nested((Map<String, Object>) m, path);
        String protocol = r.string("protocol").orElse("HTTP");
        ReadinessCheck.Protocol p = ReadinessCheck.Protocol.HTTP;
        try {
            p = ReadinessCheck.Protocol.valueOf(protocol);
        } catch (IllegalArgumentException e) {
            f.violations().add(path + "/protocol", "must be HTTP or HTTPS, got '" + protocol + "'");
        }
        List<Integer> codes = new ArrayList<>();
        List<Object> given = r.has("httpStatusCodesForReady") ? r.array("httpStatusCodesForReady") : List.of(200);
        for (int i = 0; i < given.size(); i++) {
            Object c = given.get(i);
            if (c instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                codes.add(n.intValue());
            } else {
                f.violations().add(path + "/httpStatusCodesForReady(" + i + ")", "error.expected.int");
            }
        }
        return Optional.of(new ReadinessCheck(r.string("name").orElse(ReadinessCheck.DEFAULT_NAME), p,
                r.string("path").orElse("/"), r.string("portName").orElse(ReadinessCheck.DEFAULT_PORT_NAME),
                r.integer("intervalSeconds", ReadinessCheck.DEFAULT_INTERVAL_SECONDS),
                r.integer("timeoutSeconds", ReadinessCheck.DEFAULT_TIMEOUT_SECONDS), codes,
                r.bool("preserveLastResponse", false)));
    }

    private static Canary canary(JsonFields c) {
        String promote = c.string("promote").orElse("auto");
        Canary.Promote p = Canary.Promote.AUTO;
        try {
            p = Canary.Promote.valueOf(promote.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            c.violations().add(c.path("promote"), "must be auto or manual, got '" + promote + "'");
        }
        return new Canary(c.integer("instances", 1), c.integer("holdSeconds", 0), p);
    }

    private static Container container(JsonFields c) {
        String type = c.string("type").orElse("MESOS");
        if (!"MESOS".equals(type)) {
            c.violations().add("/container/type", "only MESOS containers are supported, got '" + type + "'");
        }
        Optional<String> image = c.object("docker").flatMap(d -> c.nested(d, "/container/docker").string("image"));
        boolean forcePull = c.object("docker").map(d -> c.nested(d, "/container/docker").bool("forcePullImage",
                false)).orElse(false);
        List<Container.Volume> volumes = new ArrayList<>();
        List<Object> vs = c.array("volumes");
        for (int i = 0; i < vs.size(); i++) {
            String path = "/container/volumes(" + i + ")";
            if (vs.get(i) instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                JsonFields v = c.nested((Map<String, Object>) m, path);
                volume(v, path).ifPresent(volumes::add);
            } else {
                c.violations().add(path, "error.expected.jsobject");
            }
        }
        return new Container(image, forcePull, volumes, List.of());
    }

    /** One of {@code container.volumes}: a host path or a secret; persistent and external volumes are refused. */
    private static Optional<Container.Volume> volume(JsonFields v, String path) {
        Optional<String> containerPath = v.string("containerPath").filter(p -> !p.isBlank());
        if (containerPath.isEmpty()) {
            v.violations().add(path + "/containerPath", "error.path.missing");
        }
        for (String unsupported : List.of("persistent", "external")) {
            if (v.object(unsupported).isPresent()) {
                v.violations().add(path + "/" + unsupported, unsupported + " volumes are not supported: use hostPath "
                        + "or secret");
                return Optional.empty();
            }
        }
        Optional<String> hostPath = v.string("hostPath");
        Optional<String> secret = v.string("secret");
        if (hostPath.isPresent() == secret.isPresent()) {
            v.violations().add(path, "a volume names exactly one of hostPath and secret");
            return Optional.empty();
        }
        String mode = v.string("mode").orElse(secret.isPresent() ? "RO" : "RW");
        if (!"RO".equals(mode) && !"RW".equals(mode)) {
            v.violations().add(path + "/mode", "must be RO or RW, got '" + mode + "'");
        } else if (secret.isPresent() && "RW".equals(mode)) {
            v.violations().add(path + "/mode", "a secret volume is read-only");
        }
        return containerPath.map(cp -> new Container.Volume(cp, hostPath, secret, "RO".equals(mode)));
    }

    /**
     * The CNI networks of Marathon 1.5's {@code networks}: {@code {"mode": "container", "name": "n"}} joins network
     * {@code n}; {@code host} (the default) joins none. Modes cannot be mixed, as in Marathon; {@code container/bridge}
     * is refused (no bridge network is configured by default: name a CNI network instead).
     */
    private static List<String> networks(JsonFields f) {
        List<String> names = new ArrayList<>();
        List<Object> ns = f.array("networks");
        boolean host = false;
        for (int i = 0; i < ns.size(); i++) {
            String path = "/networks(" + i + ")";
            if (!(ns.get(i) instanceof Map<?, ?> m)) {
                f.violations().add(path, "error.expected.jsobject");
                continue;
            }
            @SuppressWarnings("unchecked")
            JsonFields n = f.nested((Map<String, Object>) m, path);
            String mode = n.string("mode").orElse("container");
            switch (mode) {
                case "host" -> host = true;
                case "container" -> n.string("name").filter(s -> !s.isBlank()).ifPresentOrElse(names::add,
                        () -> f.violations().add(path + "/name", "a container network needs a name (no default "
                                + "network is configured)"));
                case "container/bridge" -> f.violations().add(path + "/mode", "container/bridge networking is not "
                        + "supported: name a CNI network with mode container");
                default -> f.violations().add(path + "/mode", "must be host, container or container/bridge, got '"
                        + mode + "'");
            }
        }
        if (host && !names.isEmpty()) {
            f.violations().add("/networks", "Networking modes cannot be mixed: host and container");
        }
        return names;
    }

    /** The definition as Marathon writes it: every field, defaults included. */
    public static Map<String, Object> render(AppDefinition a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("cmd", a.cmd().orElse(null));
        m.put("args", a.args().isEmpty() && a.cmd().isPresent() ? null : a.args());
        m.put("user", a.user().orElse(null));
        Map<String, Object> env = new LinkedHashMap<>(a.env());
        a.secrets().envRefs().forEach((name, secret) -> env.put(name, Map.of("secret", secret)));
        m.put("env", env);
        m.put("instances", a.instances());
        m.put("cpus", a.cpus());
        m.put("mem", a.mem());
        m.put("disk", a.disk());
        m.put("gpus", a.gpus());
        m.put("executor", "");
        m.put("constraints", a.constraints().stream().map(c -> {
            List<String> parts = new ArrayList<>(List.of(c.field(), c.operator().name()));
            c.value().ifPresent(parts::add);
            return parts;
        }).toList());
        m.put("fetch", a.fetch().stream().map(u -> Map.of("uri", u.uri(), "extract", u.extract(), "executable",
                u.executable(), "cache", u.cache())).toList());
        m.put("backoffSeconds", a.backoff().backoffSeconds());
        m.put("backoffFactor", a.backoff().backoffFactor());
        m.put("maxLaunchDelaySeconds", a.backoff().maxLaunchDelaySeconds());
        m.put("container", a.container().filter(c -> c.image().isPresent() || !c.volumes().isEmpty())
                .map(AppJson::renderContainer).orElse(null));
        m.put("networks", renderNetworks(a));
        m.put("healthChecks", a.healthChecks().stream().map(AppJson::renderHealthCheck).toList());
        m.put("readinessChecks", a.readinessChecks().stream().map(AppJson::renderReadinessCheck).toList());
        m.put("dependencies", a.dependencies());
        Map<String, Object> secrets = new LinkedHashMap<>();
        a.secrets().sources().forEach((name, source) -> secrets.put(name, Map.of("source", source)));
        m.put("secrets", secrets);
        Map<String, Object> upgrade = new LinkedHashMap<>();
        upgrade.put("minimumHealthCapacity", a.upgradeStrategy().minimumHealthCapacity());
        upgrade.put("maximumOverCapacity", a.upgradeStrategy().maximumOverCapacity());
        if (a.upgradeStrategy().deadlineSeconds() > 0) {
            upgrade.put("deadlineSeconds", a.upgradeStrategy().deadlineSeconds());
        }
        if (a.upgradeStrategy().crashLoopLimit() > 0) {
            upgrade.put("crashLoopLimit", a.upgradeStrategy().crashLoopLimit());
        }
        a.upgradeStrategy().canary().ifPresent(c -> {
            Map<String, Object> canary = new LinkedHashMap<>();
            canary.put("instances", c.instances());
            canary.put("holdSeconds", c.holdSeconds());
            canary.put("promote", c.promote().name().toLowerCase(Locale.ROOT));
            upgrade.put("canary", canary);
        });
        m.put("upgradeStrategy", upgrade);
        m.put("labels", a.labels());
        m.put("killSelection", a.killSelection().name());
        m.put("role", a.role().orElse(null));
        m.put("portDefinitions", a.portDefinitions().stream().map(AppJson::renderPort).toList());
        m.put("requirePorts", false);
        m.put("version", a.version());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("lastScalingAt", a.lastScalingAt());
        info.put("lastConfigChangeAt", a.lastConfigChangeAt());
        m.put("versionInfo", info);
        return m;
    }

    private static Map<String, Object> renderPort(PortDefinition p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", p.port());
        m.put("protocol", p.protocol());
        p.name().ifPresent(n -> m.put("name", n));
        m.put("labels", p.labels());
        return m;
    }

    private static Map<String, Object> renderHealthCheck(HealthCheck h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", h.protocol().name());
        if (h.protocol() == HealthCheck.Protocol.COMMAND) {
            m.put("command", Map.of("value", h.command().orElse("")));
        } else {
            if (h.protocol() != HealthCheck.Protocol.MESOS_TCP) {
                m.put("path", h.path());
            }
            if (h.port().isPresent()) {
                m.put("port", h.port().get());
            } else {
                m.put("portIndex", h.portIndex());
            }
        }
        m.put("gracePeriodSeconds", h.gracePeriodSeconds());
        m.put("intervalSeconds", h.intervalSeconds());
        m.put("timeoutSeconds", h.timeoutSeconds());
        m.put("maxConsecutiveFailures", h.maxConsecutiveFailures());
        m.put("delaySeconds", h.delaySeconds());
        return m;
    }

    private static Map<String, Object> renderReadinessCheck(ReadinessCheck r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("protocol", r.protocol().name());
        m.put("path", r.path());
        m.put("portName", r.portName());
        m.put("intervalSeconds", r.intervalSeconds());
        m.put("timeoutSeconds", r.timeoutSeconds());
        m.put("httpStatusCodesForReady", r.httpStatusCodesForReady());
        m.put("preserveLastResponse", r.preserveLastResponse());
        return m;
    }

    private static Map<String, Object> renderContainer(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "MESOS");
        c.image().ifPresent(i -> m.put("docker", Map.of("image", i, "forcePullImage", c.forcePull())));
        List<Map<String, Object>> volumes = new ArrayList<>();
        for (Container.Volume v : c.volumes()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("containerPath", v.containerPath());
            v.hostPath().ifPresent(h -> vm.put("hostPath", h));
            v.secret().ifPresent(s -> vm.put("secret", s));
            vm.put("mode", v.readOnly() ? "RO" : "RW");
            volumes.add(vm);
        }
        m.put("volumes", volumes);
        return m;
    }

    /** Marathon 1.5's {@code networks}: the container networks, or {@code host}. */
    private static List<Map<String, Object>> renderNetworks(AppDefinition a) {
        List<String> names = a.container().map(Container::networks).orElse(List.of());
        if (names.isEmpty()) {
            return List.of(Map.of("mode", "host"));
        }
        return names.stream().map(n -> Map.<String, Object>of("mode", "container", "name", n)).toList();
    }
}
