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
package org.agora.isolator.network.cni.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.agora.api.config.TypedConfig;
import org.agora.api.containerizer.ContainerConfig;
import org.agora.api.containerizer.ContainerLimitation;
import org.agora.api.containerizer.ContainerState;
import org.agora.api.containerizer.ContainerUsage;
import org.agora.api.isolator.Isolator;
import org.agora.api.isolator.IsolatorException;
import org.agora.api.isolator.LaunchContribution;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.ContainerID;
import org.agora.api.v1.Protos.ContainerInfo;
import org.agora.api.v1.Protos.ContainerStatus;
import org.agora.api.v1.Protos.NetworkInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code network/cni}, as Mesos's isolator of that name: a container whose {@code ContainerInfo.network_infos} name
 * CNI networks gets a network namespace of its own, made by the agent and bound under the runtime directory, which
 * the networks' plugins attach to (ADD, interfaces {@code eth0}, {@code eth1}, ... in the order the networks are
 * named; port mappings as the {@code portMappings} capability argument) before the container's process exists. The
 * launcher enters it ({@link LaunchContribution#joinNamespaces}, {@code "net"}), and the addresses the plugins
 * assigned are the container's {@code ContainerStatus.network_infos}. When the container ends its networks are
 * released (DEL, in reverse order), then its namespace unbound and removed. Containers that name no network are left
 * in the host's network.
 *
 * <p>Everything is recorded on disk before it is done ({@link ContainerNetworkStore}), so {@link #recover} rebuilds
 * the running containers' state after an agent restart or an upgrade of this bundle, and releases the networks of
 * containers that ended meanwhile.
 */
@Component(service = Isolator.class, property = "isolator.name=network/cni", configurationPid = CniIsolator.PID)
@Designate(ocd = CniConfig.class)
public final class CniIsolator implements Isolator {
    static final String PID = "org.agora.isolator.network.cni";
    static final String NAME = "network/cni";
    private static final Logger LOG = LoggerFactory.getLogger(CniIsolator.class);

    private final CniNetworks networks;
    private final CniPlugins plugins;
    private final ContainerNetworkStore store;
    /** The networks of each running container that joined any; an entry changes in that container's calls only. */
    private final Map<String, List<Attachment>> attached = new ConcurrentHashMap<>();

    @Activate
    public CniIsolator(Map<String, Object> properties) {
        this(TypedConfig.read(CniConfig.class, PID, properties));
    }

    CniIsolator(CniConfig config) {
        this(Path.of(config.network_cni_config_dir()), config.network_cni_plugins_dir(),
                Path.of(config.runtime_dir()), Duration.ofMillis(config.plugin_timeout_ms()));
    }

    /**
     * An isolator outside OSGi (tests, benchmarks).
     *
     * @param pluginDirs colon-separated, as the {@code network.cni.plugins.dir} option
     */
    public CniIsolator(Path configDir, String pluginDirs, Path runtimeDir, Duration pluginTimeout) {
        if (pluginTimeout.toMillis() < 1) {
            throw new IllegalArgumentException(PID + ": plugin.timeout.ms must be positive");
        }
        this.networks = new CniNetworks(configDir);
        this.plugins = new CniPlugins(CniPlugins.dirs(pluginDirs), pluginTimeout);
        this.store = new ContainerNetworkStore(runtimeDir);
        LOG.info("network/cni: networks from {}, plugins from {}, namespaces under {}", configDir, plugins.dirs(),
                store.root());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate() {
        List<String> missing = NetworkNamespaces.missingPrograms();
        if (!missing.isEmpty()) {
            throw new IsolatorException(NAME + " needs " + String.join(", ", missing)
                    + " (util-linux, iproute2) on the agent");
        }
        if (!java.nio.file.Files.isDirectory(networks.dir())) {
            throw new IsolatorException(NAME + ": the CNI configuration directory " + networks.dir()
                    + " does not exist (option network.cni.config.dir)");
        }
        if (plugins.dirs().stream().noneMatch(java.nio.file.Files::isDirectory)) {
            throw new IsolatorException(NAME + ": no CNI plugin directory of " + plugins.dirs()
                    + " exists (option network.cni.plugins.dir; Debian: apt-get install containernetworking-plugins)");
        }
    }

    @Override
    public void recover(List<ContainerState> states) {
        Set<String> known = new HashSet<>();
        states.forEach(s -> known.add(s.containerId().getValue()));
        for (String id : store.containers()) {
            List<Attachment> recorded;
            try {
                recorded = store.read(id);
            } catch (CniException e) {
                LOG.error("Container {}: {}; its network namespace is removed without DEL", id, e.getMessage());
                recorded = List.of();
            }
            if (known.contains(id)) {
                attached.put(id, recorded);
                LOG.info("Container {}: recovered its CNI networks {}", id, names(recorded));
            } else {
                LOG.info("Container {} is not running: releasing its CNI networks {}", id, names(recorded));
                release(id, recorded);
            }
        }
    }

    @Override
    public LaunchContribution prepare(ContainerConfig config) {
        List<NetworkInfo> named = named(config.containerInfo());
        if (named.isEmpty()) {
            return LaunchContribution.none();
        }
        String id = config.containerId().getValue();
        Path netns = store.netns(id);
        // every network and plugin is checked before anything is made: a bad name fails the launch with nothing to undo
        List<Attachment> planned = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NetworkInfo info : named) {
            if (!seen.add(info.getName())) {
                throw new CniException("container " + id + " names CNI network '" + info.getName() + "' twice");
            }
            CniNetwork network = networks.find(info.getName());
            network.plugins().forEach(p -> {
                try {
                    plugins.locate(CniNetwork.type(p));
                } catch (CniException e) {
                    throw new CniException("CNI network '" + network.name() + "' (" + network.source() + "): "
                            + e.getMessage(), e);
                }
            });
            Map<String, Object> runtimeConfig = runtimeConfig(info);
            if (!runtimeConfig.isEmpty()
                    && network.plugins().stream().noneMatch(p -> CniNetwork.hasCapability(p, "portMappings"))) {
                throw new CniException("container " + id + " maps ports on CNI network '" + network.name()
                        + "', but none of its plugins declares the portMappings capability (add the portmap plugin "
                        + "to " + network.source() + ")");
            }
            planned.add(new Attachment(network, "eth" + planned.size(), runtimeConfig, info, Optional.empty()));
        }
        List<Attachment> done = new ArrayList<>();
        try {
            NetworkNamespaces.create(netns);
            for (Attachment a : planned) {
                done.add(a);
                store.write(id, done); // before ADD: a DEL follows even if the agent dies during it
                CniResult result = plugins.add(a.network(), id, netns, a.ifname(), a.runtimeConfig(), a.info());
                done.set(done.size() - 1, a.withResult(result));
                store.write(id, done);
                LOG.info("Container {} joined CNI network {} as {} with {}", id, a.network().name(), a.ifname(),
                        result.addresses().stream().map(NetworkInfo.IPAddress::getIpAddress).toList());
            }
        } catch (RuntimeException e) {
            LOG.warn("Container {}: joining CNI networks failed: {}", id, e.getMessage());
            release(id, done);
            throw e instanceof IsolatorException ie ? ie : new CniException("container " + id + ": " + e, e);
        }
        attached.put(id, List.copyOf(done));
        return new LaunchContribution(Map.of(), Set.of(), List.of(), Map.of("net", netns.toString()));
    }

    @Override
    public void isolate(ContainerID containerId, long pid) {
        // the launcher entered the namespace before it exec'd anything: nothing is left to do
    }

    @Override
    public CompletionStage<ContainerLimitation> watch(ContainerID containerId) {
        return new CompletableFuture<>(); // no limit to breach
    }

    @Override
    public void update(ContainerID containerId, Resources resources) {
        // networks do not change with resources
    }

    @Override
    public ContainerUsage usage(ContainerID containerId) {
        return new ContainerUsage(System.currentTimeMillis() / 1000.0, -1, -1, -1, -1, -1, -1);
    }

    @Override
    public ContainerStatus status(ContainerID containerId) {
        List<Attachment> a = attached.get(containerId.getValue());
        if (a == null) {
            return ContainerStatus.getDefaultInstance();
        }
        ContainerStatus.Builder b = ContainerStatus.newBuilder();
        a.forEach(x -> b.addNetworkInfos(x.reported()));
        return b.build();
    }

    @Override
    public void cleanup(ContainerID containerId) {
        String id = containerId.getValue();
        List<Attachment> a = attached.remove(id);
        if (a == null) {
            if (!store.isValid(id)) {
                return; // no namespace can have been made for it
            }
            try {
                if (!java.nio.file.Files.isDirectory(store.dir(id))) {
                    return; // it joined no network (or was released already)
                }
                a = store.read(id);
            } catch (CniException e) {
                LOG.error("Container {}: {}; its network namespace is removed without DEL", id, e.getMessage());
                a = List.of();
            }
        }
        release(id, a);
    }

    /** DEL for every network joined (in reverse), then the namespace and the record go; failures are logged. */
    private void release(String id, List<Attachment> attachments) {
        Path netns = store.netns(id);
        for (int i = attachments.size() - 1; i >= 0; i--) {
            Attachment a = attachments.get(i);
            try {
                plugins.del(a.network(), id, netns, a.ifname(), a.runtimeConfig(), a.info(),
                        a.result().orElse(null));
                LOG.info("Container {} left CNI network {} ({})", id, a.network().name(), a.ifname());
            } catch (CniException e) {
                LOG.error("Container {}: {}", id, e.getMessage());
            }
        }
        try {
            NetworkNamespaces.remove(netns);
            store.delete(id);
        } catch (CniException e) {
            LOG.error("Container {}: {}", id, e.getMessage());
        }
    }

    /** The networks the container names, in order; a NetworkInfo without a name is the host's network. */
    static List<NetworkInfo> named(Optional<ContainerInfo> info) {
        return info.map(ContainerInfo::getNetworkInfosList).orElse(List.of()).stream()
                .filter(n -> n.hasName() && !n.getName().isEmpty()).toList();
    }

    /** Mesos's port mappings as CNI's {@code portMappings} capability argument; empty without any. */
    static Map<String, Object> runtimeConfig(NetworkInfo info) {
        if (info.getPortMappingsCount() == 0) {
            return Map.of();
        }
        List<Object> mappings = new ArrayList<>();
        for (NetworkInfo.PortMapping p : info.getPortMappingsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hostPort", (long) p.getHostPort());
            m.put("containerPort", (long) p.getContainerPort());
            m.put("protocol", p.hasProtocol() && !p.getProtocol().isEmpty() ? p.getProtocol().toLowerCase(Locale.ROOT)
                    : "tcp");
            mappings.add(m);
        }
        return Map.of("portMappings", mappings);
    }

    private static List<String> names(List<Attachment> attachments) {
        return attachments.stream().map(a -> a.network().name()).toList();
    }
}
