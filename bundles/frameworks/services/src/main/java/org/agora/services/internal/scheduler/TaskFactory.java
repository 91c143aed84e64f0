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

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.CommandInfo;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.Environment;
import org.agora.api.v1.Protos.HealthCheck;
import org.agora.api.v1.Protos.Image;
import org.agora.api.v1.Protos.Label;
import org.agora.api.v1.Protos.Labels;
import org.agora.api.v1.Protos.NetworkInfo;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Secret;
import org.agora.api.v1.Protos.TaskID;
import org.agora.api.v1.Protos.TaskInfo;
import org.agora.api.v1.Protos.Volume;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppIds;
import org.agora.services.internal.app.Container;
import org.agora.services.internal.app.EnvSecrets;
import org.agora.services.internal.app.PortDefinition;

/**
 * Builds the {@link TaskInfo} of one instance, as Marathon does for an app without an executor: the command
 * executor runs {@code cmd} in a shell (or {@code args} without one), with the app's environment plus
 * {@code PORT0…}, {@code PORT}, {@code PORTS}, {@code PORT_<NAME>}, {@code HOST}, {@code MARATHON_APP_ID},
 * {@code MARATHON_APP_VERSION}, {@code MESOS_TASK_ID}; the app's health check becomes
 * {@code TaskInfo.health_check} (Mesos runs only one per task: the first), its host port taken from the
 * instance's ports.
 */
final class TaskFactory {
    private TaskFactory() {
    }

    static TaskInfo task(AppDefinition app, String taskId, AgentID agent, String host, List<Resource> resources,
            List<Integer> ports) {
        TaskInfo.Builder t = TaskInfo.newBuilder()
                .setName(AppIds.taskPrefix(app.id()).replace('_', '.'))
                .setTaskId(TaskID.newBuilder().setValue(taskId))
                .setAgentId(agent)
                .addAllResources(resources)
                .setCommand(command(app, taskId, host, ports));
        if (!app.labels().isEmpty()) {
            Labels.Builder labels = Labels.newBuilder();
            app.labels().forEach((k, v) -> labels.addLabels(Label.newBuilder().setKey(k).setValue(v)));
            t.setLabels(labels);
        }
        if (!app.healthChecks().isEmpty()) {
            t.setHealthCheck(healthCheck(app.healthChecks().get(0), ports));
        }
        app.container().filter(c -> c.image().isPresent() || !c.volumes().isEmpty() || !c.networks().isEmpty())
                .map(c -> containerInfo(app, c)).ifPresent(t::setContainer);
        return t.build();
    }

    /**
     * A MESOS container: the image (pulled again when {@code forcePullImage}), host path and secret volumes (a secret's
     * reference only: the agent resolves it) and the CNI networks to join.
     */
    static ContainerInfo containerInfo(AppDefinition app, Container c) {
        ContainerInfo.Builder info = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS);
        c.image().ifPresent(image -> info.setMesos(ContainerInfo.MesosInfo.newBuilder().setImage(Image.newBuilder()
                .setType(Image.Type.DOCKER)
                .setCached(!c.forcePull())
                .setDocker(Image.Docker.newBuilder().setName(image)))));
        for (Container.Volume v : c.volumes()) {
            Volume.Builder vol = Volume.newBuilder().setContainerPath(v.containerPath())
                    .setMode(v.readOnly() ? Volume.Mode.RO : Volume.Mode.RW);
            v.hostPath().ifPresent(vol::setHostPath);
            v.secret().map(id -> app.secrets().sources().get(id)).ifPresent(source -> vol.setSource(
                    Volume.Source.newBuilder().setType(Volume.Source.Type.SECRET).setSecret(secret(source))));
            info.addVolumes(vol);
        }
        c.networks().forEach(n -> info.addNetworkInfos(NetworkInfo.newBuilder().setName(n)));
        return info.build();
    }

    private static CommandInfo command(AppDefinition app, String taskId, String host, List<Integer> ports) {
        CommandInfo.Builder c = CommandInfo.newBuilder();
        if (app.cmd().isPresent()) {
            c.setShell(true).setValue(app.cmd().get());
        } else if (!app.args().isEmpty()) {
            c.setShell(false).setValue(app.args().get(0)).addAllArguments(app.args());
        } else {
            c.setShell(false);
        }
        app.user().ifPresent(c::setUser);
        app.fetch().forEach(u -> c.addUris(CommandInfo.URI.newBuilder().setValue(u.uri()).setExtract(u.extract())
                .setExecutable(u.executable()).setCache(u.cache())));
        Environment.Builder env = Environment.newBuilder();
        environment(app, taskId, host, ports).forEach((k, v) -> env.addVariables(
                Environment.Variable.newBuilder().setName(k).setValue(v)));
        app.secrets().envRefs().forEach((name, secret) -> env.addVariables(secretVariable(name,
                app.secrets().sources().get(secret))));
        return c.setEnvironment(env).build();
    }

    /**
     * A variable the agent resolves at launch through its {@code SecretResolver}: only the reference travels
     * ({@code a/b@k} is name {@code a/b}, key {@code k}).
     */
    static Environment.Variable secretVariable(String name, String source) {
        return Environment.Variable.newBuilder().setName(name).setType(Environment.Variable.Type.SECRET)
                .setSecret(secret(source)).build();
    }

    /** A {@code Secret} of type REFERENCE for a Marathon secret source ({@code a/b@k}: name {@code a/b}, key k). */
    private static Secret secret(String source) {
        EnvSecrets.Reference ref = EnvSecrets.reference(source);
        Secret.Reference.Builder r = Secret.Reference.newBuilder().setName(ref.name());
        ref.key().ifPresent(r::setKey);
        return Secret.newBuilder().setType(Secret.Type.REFERENCE).setReference(r).build();
    }

    /** The environment of an instance: Marathon's variables, then the app's own (which win). */
    static Map<String, String> environment(AppDefinition app, String taskId, String host, List<Integer> ports) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ports.size(); i++) {
            String port = Integer.toString(ports.get(i));
            env.put("PORT" + i, port);
            PortDefinition def = app.portDefinitions().get(i);
            def.name().ifPresent(n -> env.put("PORT_" + n.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"),
                    port));
        }
        if (!ports.isEmpty()) {
            env.put("PORT", Integer.toString(ports.get(0)));
            env.put("PORTS", String.join(",", ports.stream().map(String::valueOf).toList()));
        }
        env.put("HOST", host);
        env.put("MARATHON_APP_ID", app.id());
        env.put("MARATHON_APP_VERSION", app.version());
        env.put("MESOS_TASK_ID", taskId);
        env.put("MARATHON_APP_RESOURCE_CPUS", Double.toString(app.cpus()));
        env.put("MARATHON_APP_RESOURCE_MEM", Double.toString(app.mem()));
        env.put("MARATHON_APP_RESOURCE_DISK", Double.toString(app.disk()));
        env.put("MARATHON_APP_RESOURCE_GPUS", Integer.toString(app.gpus()));
        env.putAll(app.env());
        // a variable that names a secret is sent as one, never also as a value
        app.secrets().envRefs().keySet().forEach(env::remove);
        return env;
    }

    /** Marathon's mapping of a health check to Mesos's, the port resolved to the instance's host port. */
    static HealthCheck healthCheck(org.agora.services.internal.app.HealthCheck h, List<Integer> ports) {
        HealthCheck.Builder b = HealthCheck.newBuilder()
                .setDelaySeconds(h.delaySeconds())
                .setIntervalSeconds(h.intervalSeconds())
                .setTimeoutSeconds(h.timeoutSeconds())
                .setConsecutiveFailures(h.maxConsecutiveFailures())
                .setGracePeriodSeconds(h.gracePeriodSeconds());
        int port = h.port().orElseGet(() -> h.portIndex() < ports.size() ? ports.get(h.portIndex()) : 0);
        switch (h.protocol()) {
            case MESOS_HTTP, MESOS_HTTPS -> b.setType(HealthCheck.Type.HTTP).setHttp(
                    HealthCheck.HTTPCheckInfo.newBuilder().setPort(port).setPath(h.path())
                            .setScheme(h.protocol() == org.agora.services.internal.app.HealthCheck.Protocol.MESOS_HTTPS
                                    ? "https" : "http"));
            case MESOS_TCP -> b.setType(HealthCheck.Type.TCP).setTcp(HealthCheck.TCPCheckInfo.newBuilder()
                    .setPort(port));
            case COMMAND -> b.setType(HealthCheck.Type.COMMAND).setCommand(CommandInfo.newBuilder().setShell(true)
                    .setValue(h.command().orElse("true")));
            default -> throw new IllegalStateException("unknown health check protocol " + h.protocol());
        }
        return b.build();
    }
}
