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
/**
 * Discovery of the leading Agora master through ZooKeeper, in the layout Apache Mesos uses, so that tools which
 * read Mesos's ZooKeeper group (Marathon, Mesos-DNS, mesos-go, pymesos, {@code mesos-resolve}) find an Agora
 * leader as they find a Mesos one.
 *
 * <p>The group lives under the path of a {@code zk://} URL ({@link org.agora.discovery.ZkUrl}). Each master
 * contending for leadership owns one {@code EPHEMERAL_SEQUENTIAL} znode named {@code json.info_<10-digit seq>}
 * whose data is its JSON-serialised {@code MasterInfo}; the member with the lowest sequence leads. Other children
 * of the path ({@code registry}, {@code log_replicas}, old protobuf {@code info_*} nodes) are not members.
 *
 * <ul>
 *   <li>{@link org.agora.discovery.MasterContender}: a master joins the group and learns whether it leads.</li>
 *   <li>{@link org.agora.discovery.MasterDetector}: agents, schedulers and tools follow the current leader.</li>
 *   <li>{@link org.agora.discovery.ZooKeeperClients}: Curator clients configured as Mesos configures its own.</li>
 * </ul>
 *
 * <p>This is a library, not a set of DS components: the master, agent and scheduler client create what they need
 * and deliver callbacks on their own actor thread through the {@link java.util.concurrent.Executor} they pass.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.agora.discovery;
