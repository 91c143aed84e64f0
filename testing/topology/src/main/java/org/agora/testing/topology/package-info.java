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
 * Test support for system tests and benchmarks that run a whole Agora cluster as processes: a ZooKeeper ensemble of
 * separate JVMs ({@link org.agora.testing.topology.ZooKeeperEnsemble}), copies of the built master and agent
 * distributions started with their own {@code bin/start} ({@link org.agora.testing.topology.MasterNode},
 * {@link org.agora.testing.topology.AgentNode}), all of it together ({@link org.agora.testing.topology.Topology}),
 * network namespaces to partition them ({@link org.agora.testing.topology.NetworkLab}), and a v1 scheduler framework
 * that follows the leader through ZooKeeper and records every status update
 * ({@link org.agora.testing.topology.TrackingFramework}).
 *
 * <p>Everything a class starts it stops again in {@code close()}: processes by their pid, cgroups, namespaces and
 * links. Not an OSGi bundle; it runs on plain class paths.
 */
package org.agora.testing.topology;
