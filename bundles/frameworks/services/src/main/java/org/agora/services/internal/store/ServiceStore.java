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
package org.agora.services.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppIds;
import org.agora.services.internal.app.GroupMeta;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.instance.Instance;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services scheduler's state in ZooKeeper, one znode per thing, under a root path:
 * <pre>
 *   root/framework-id                    the framework id (UTF-8)
 *   root/apps/{app}                      data: the current version of the app ({app}: the id, '/' as %2F)
 *   root/apps/{app}/versions/{version}   one app version (Marathon's app JSON)
 *   root/deployments/{id}                one running deployment
 *   root/instances/{taskId}              one instance
 *   root/groups/{group}                  a group's own metadata (dependencies, versions), when it has any
 * </pre>
 * A change of several znodes (an app version and its deployment) is one ZooKeeper transaction: it is applied
 * whole or not at all. Every failure is a {@link StoreUnavailableException}. Used from the scheduler's actor only.
 */
public final class ServiceStore {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceStore.class);

    /** Versions kept per app; older ones are deleted when a new one is stored. */
    static final int MAX_VERSIONS = 25;

    private final CuratorFramework client;
    private final String root;

    public ServiceStore(CuratorFramework client, String root) {
        this.client = client;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** Creates the parent znodes if missing. */
    public void init() {
        for (String p : List.of(root, root + "/apps", root + "/deployments", root + "/instances",
                root + "/groups")) {
            run("create " + p, () -> {
                try {
                    client.create().creatingParentsIfNeeded().forPath(p);
                } catch (KeeperException.NodeExistsException e) {
                    // there already
                }
                return null;
            });
        }
    }

    /** Reads everything. */
    public StoredState load() {
        return run("load", () -> {
            Optional<String> frameworkId = Optional.empty();
            if (client.checkExists().forPath(root + "/framework-id") != null) {
                frameworkId = Optional.of(new String(client.getData().forPath(root + "/framework-id"),
                        StandardCharsets.UTF_8));
            }
            List<AppDefinition> apps = new ArrayList<>();
            for (String name : client.getChildren().forPath(root + "/apps")) {
                String current = new String(client.getData().forPath(appPath(name)), StandardCharsets.UTF_8);
                apps.add(StoreCodec.app(client.getData().forPath(appPath(name) + "/versions/" + current)));
            }
            List<Deployment> deployments = new ArrayList<>();
            for (String id : client.getChildren().forPath(root + "/deployments")) {
                deployments.add(StoreCodec.deployment(client.getData().forPath(root + "/deployments/" + id)));
            }
            List<Instance> instances = new ArrayList<>();
            for (String id : client.getChildren().forPath(root + "/instances")) {
                instances.add(StoreCodec.instance(client.getData().forPath(root + "/instances/" + id)));
            }
            return new StoredState(frameworkId, apps, deployments, instances);
        });
    }

    /** The groups' own metadata (groups implied by app ids only have none). */
    public List<GroupMeta> loadGroups() {
        return run("load groups", () -> {
            List<GroupMeta> out = new ArrayList<>();
            for (String name : client.getChildren().forPath(root + "/groups")) {
                out.add(StoreCodec.group(client.getData().forPath(root + "/groups/" + name)));
            }
            return out;
        });
    }

    /**
     * A change of several apps and groups at once (a group change), as one transaction: new app versions (created
     * or replacing the current one), removed apps, the deployments of all of them, deployments they replace (a
     * forced change), groups whose metadata is new or changed and groups removed.
     */
    public void saveChanges(List<AppDefinition> apps, Set<String> existing, List<String> removedApps,
            List<Deployment> deployments, List<String> replacedDeployments, List<GroupMeta> groups,
            Set<String> existingGroups, List<String> removedGroups) {
        run("save a change of " + apps.size() + " apps, " + removedApps.size() + " removals", () -> {
            List<CuratorOp> ops = new ArrayList<>();
            for (AppDefinition app : apps) {
                String path = appPath(AppIds.znodeName(app.id()));
                byte[] current = app.version().getBytes(StandardCharsets.UTF_8);
                if (existing.contains(app.id())) {
                    ops.add(client.transactionOp().setData().forPath(path, current));
                } else {
                    ops.add(client.transactionOp().create().forPath(path, current));
                    ops.add(client.transactionOp().create().forPath(path + "/versions"));
                }
                ops.add(client.transactionOp().create().forPath(path + "/versions/" + app.version(),
                        StoreCodec.app(app)));
            }
            for (String appId : removedApps) {
                String path = appPath(AppIds.znodeName(appId));
                for (String v : client.getChildren().forPath(path + "/versions")) {
                    ops.add(client.transactionOp().delete().forPath(path + "/versions/" + v));
                }
                ops.add(client.transactionOp().delete().forPath(path + "/versions"));
                ops.add(client.transactionOp().delete().forPath(path));
            }
            for (String id : replacedDeployments) {
                ops.add(client.transactionOp().delete().forPath(root + "/deployments/" + id));
            }
            for (Deployment d : deployments) {
                ops.add(client.transactionOp().create().forPath(root + "/deployments/" + d.id(),
                        StoreCodec.deployment(d)));
            }
            for (GroupMeta g : groups) {
                String path = root + "/groups/" + AppIds.znodeName(g.id());
                if (existingGroups.contains(g.id())) {
                    ops.add(client.transactionOp().setData().forPath(path, StoreCodec.group(g)));
                } else {
                    ops.add(client.transactionOp().create().forPath(path, StoreCodec.group(g)));
                }
            }
            for (String id : removedGroups) {
                ops.add(client.transactionOp().delete().forPath(root + "/groups/" + AppIds.znodeName(id)));
            }
            if (!ops.isEmpty()) {
                client.transaction().forOperations(ops);
            }
            for (AppDefinition app : apps) {
                if (existing.contains(app.id())) {
                    trimVersions(appPath(AppIds.znodeName(app.id())));
                }
            }
            return null;
        });
    }

    public void saveFrameworkId(String frameworkId) {
        byte[] data = frameworkId.getBytes(StandardCharsets.UTF_8);
        run("save framework id", () -> {
            if (client.checkExists().forPath(root + "/framework-id") == null) {
                client.create().forPath(root + "/framework-id", data);
            } else {
                client.setData().forPath(root + "/framework-id", data);
            }
            return null;
        });
    }

    /**
     * Stores a new version of an app as its current one, with the deployment that rolls it out, replacing the
     * deployments given (a forced change) in the same transaction.
     */
    public void saveApp(AppDefinition app, boolean exists, Deployment deployment, List<String> replacedDeployments) {
        run("save app " + app.id() + " version " + app.version(), () -> {
            String path = appPath(AppIds.znodeName(app.id()));
            List<CuratorOp> ops = new ArrayList<>();
            byte[] current = app.version().getBytes(StandardCharsets.UTF_8);
            if (exists) {
                ops.add(client.transactionOp().setData().forPath(path, current));
            } else {
                ops.add(client.transactionOp().create().forPath(path, current));
                ops.add(client.transactionOp().create().forPath(path + "/versions"));
            }
            ops.add(client.transactionOp().create().forPath(path + "/versions/" + app.version(),
                    StoreCodec.app(app)));
            for (String id : replacedDeployments) {
                ops.add(client.transactionOp().delete().forPath(root + "/deployments/" + id));
            }
            ops.add(client.transactionOp().create().forPath(root + "/deployments/" + deployment.id(),
                    StoreCodec.deployment(deployment)));
            client.transaction().forOperations(ops);
            if (exists) {
                trimVersions(path);
            }
            return null;
        });
    }

    /**
     * Removes an app (its current version and all versions) and stores the deployment that stops its instances,
     * replacing the deployments given, in one transaction.
     */
    public void saveStop(Deployment deployment, String appId, List<String> replacedDeployments) {
        run("save deployment " + deployment.id(), () -> {
            String path = appPath(AppIds.znodeName(appId));
            List<CuratorOp> ops = new ArrayList<>();
            if (client.checkExists().forPath(path) != null) {
                for (String v : client.getChildren().forPath(path + "/versions")) {
                    ops.add(client.transactionOp().delete().forPath(path + "/versions/" + v));
                }
                ops.add(client.transactionOp().delete().forPath(path + "/versions"));
                ops.add(client.transactionOp().delete().forPath(path));
            }
            for (String id : replacedDeployments) {
                ops.add(client.transactionOp().delete().forPath(root + "/deployments/" + id));
            }
            ops.add(client.transactionOp().create().forPath(root + "/deployments/" + deployment.id(),
                    StoreCodec.deployment(deployment)));
            client.transaction().forOperations(ops);
            return null;
        });
    }

    /** Replaces a deployment's znode (its step advanced). */
    public void updateDeployment(Deployment deployment) {
        run("update deployment " + deployment.id(), () -> {
            client.setData().forPath(root + "/deployments/" + deployment.id(), StoreCodec.deployment(deployment));
            return null;
        });
    }

    /** Removes a finished or cancelled deployment. */
    public void removeDeployment(String id) {
        run("remove deployment " + id, () -> {
            try {
                client.delete().forPath(root + "/deployments/" + id);
            } catch (KeeperException.NoNodeException e) {
                // already gone
            }
            return null;
        });
    }

    /** The stored versions of an app, oldest first. */
    public List<String> versions(String appId) {
        return run("list versions of " + appId, () -> {
            String path = appPath(AppIds.znodeName(appId)) + "/versions";
            if (client.checkExists().forPath(path) == null) {
                return List.<String>of();
            }
            List<String> names = new ArrayList<>(client.getChildren().forPath(path));
            names.sort(Comparator.naturalOrder());
            return names;
        });
    }

    /** One stored version of an app. */
    public Optional<AppDefinition> version(String appId, String version) {
        return run("read version " + version + " of " + appId, () -> {
            String path = appPath(AppIds.znodeName(appId)) + "/versions/" + version;
            if (version.contains("/") || client.checkExists().forPath(path) == null) {
                return Optional.<AppDefinition>empty();
            }
            return Optional.of(StoreCodec.app(client.getData().forPath(path)));
        });
    }

    /** Creates or replaces an instance's znode. */
    public void saveInstance(Instance instance) {
        run("save instance " + instance.taskId(), () -> {
            String path = root + "/instances/" + instance.taskId();
            byte[] data = StoreCodec.instance(instance);
            if (client.checkExists().forPath(path) == null) {
                client.create().forPath(path, data);
            } else {
                client.setData().forPath(path, data);
            }
            return null;
        });
    }

    public void removeInstance(String taskId) {
        run("remove instance " + taskId, () -> {
            try {
                client.delete().forPath(root + "/instances/" + taskId);
            } catch (KeeperException.NoNodeException e) {
                // already gone
            }
            return null;
        });
    }

    private void trimVersions(String appPath) throws Exception {
        List<String> names = new ArrayList<>(client.getChildren().forPath(appPath + "/versions"));
        names.sort(Comparator.naturalOrder());
        for (int i = 0; i < names.size() - MAX_VERSIONS; i++) {
            client.delete().forPath(appPath + "/versions/" + names.get(i));
        }
    }

    private String appPath(String name) {
        return root + "/apps/" + name;
    }

    private interface ZkCall<T> {
        T call() throws Exception;
    }

    private <T> T run(String what, ZkCall<T> call) {
        if (!client.getZookeeperClient().isConnected()) {
            throw new StoreUnavailableException("ZooKeeper is not connected: cannot " + what, null);
        }
        try {
            return call.call();
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("services store: cannot {}: {}", what, e.toString());
            throw new StoreUnavailableException("ZooKeeper: cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
