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
package org.agora.discovery;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * Creates Curator clients configured as Mesos configures its ZooKeeper clients.
 *
 * <ul>
 *   <li>No Curator namespace (chroot): the group path of the {@link ZkUrl} is used as an absolute path, so the
 *       znodes are where Mesos tools look for them.</li>
 *   <li>Session timeout {@link #DEFAULT_SESSION_TIMEOUT} (10 s, Mesos's {@code --zk_session_timeout}) unless given.
 *   </li>
 *   <li>{@link ExponentialBackoffRetry} from {@value #BASE_SLEEP_MS} ms to {@value #MAX_SLEEP_MS} ms,
 *       {@value #MAX_RETRIES} retries, for each operation.</li>
 *   <li>With credentials in the URL: {@code digest} authentication, and znodes created with Mesos's
 *       {@code EVERYONE_READ_CREATOR_ALL} ACL (world may read, only the creator's identity may change), so
 *       unauthenticated tools can still find the leader. Without credentials: the open ACL, as Mesos.</li>
 * </ul>
 */
public final class ZooKeeperClients {

    /** Mesos's default {@code --zk_session_timeout}. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

    /** How long an operation waits for a connection before it fails (and is retried by the retry policy). */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    static final int BASE_SLEEP_MS = 500;
    static final int MAX_SLEEP_MS = 10_000;
    static final int MAX_RETRIES = 10;

    /**
     * Mesos's {@code EVERYONE_READ_CREATOR_ALL} (src/zookeeper/authentication.cpp). Not {@code List.of}: ZooKeeper
     * validates an ACL with {@code acl.contains(null)}, which immutable collections answer with an NPE.
     */
    private static final List<ACL> EVERYONE_READ_CREATOR_ALL = Arrays.asList(
            new ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.AUTH_IDS),
            new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));

    private ZooKeeperClients() {
    }

    /**
     * Same as {@link #newClient(ZkUrl, Duration, Duration)} with {@link #DEFAULT_SESSION_TIMEOUT} and
     * {@link #DEFAULT_CONNECTION_TIMEOUT}.
     *
     * @param url where ZooKeeper is, and the credentials to use
     * @return a client that is not started yet
     */
    public static CuratorFramework newClient(ZkUrl url) {
        return newClient(url, DEFAULT_SESSION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT);
    }

    /**
     * Creates a Curator client for {@code url}'s ensemble. The client is <em>not started</em>: the caller calls
     * {@link CuratorFramework#start()} (which does not block) and {@link CuratorFramework#close()} when done, after
     * closing the contenders and detectors that use it.
     *
     * @param url               where ZooKeeper is, and the credentials to use; its path is not a chroot
     * @param sessionTimeout    ZooKeeper session timeout requested from the server (the server may clamp it)
     * @param connectionTimeout how long an operation waits for a connection before the retry policy applies
     * @return a client that is not started yet
     * @throws IllegalArgumentException if a timeout is not positive or exceeds {@link Integer#MAX_VALUE} ms
     */
    public static CuratorFramework newClient(ZkUrl url, Duration sessionTimeout, Duration connectionTimeout) {
        Objects.requireNonNull(url, "url");
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(url.connectString())
                .sessionTimeoutMs(millis("sessionTimeout", sessionTimeout))
                .connectionTimeoutMs(millis("connectionTimeout", connectionTimeout))
                .retryPolicy(new ExponentialBackoffRetry(BASE_SLEEP_MS, MAX_RETRIES, MAX_SLEEP_MS));
        url.credentials().ifPresent(credentials -> builder
                .authorization("digest", credentials.digestAuth())
                .aclProvider(new CreatorAllEveryoneRead()));
        return builder.build();
    }

    private static int millis(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero() || duration.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " " + duration + ": must be positive and below 24 days");
        }
        return (int) duration.toMillis();
    }

    private static final class CreatorAllEveryoneRead implements ACLProvider {
        @Override
        public List<ACL> getDefaultAcl() {
            return EVERYONE_READ_CREATOR_ALL;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return EVERYONE_READ_CREATOR_ALL;
        }
    }
}
