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
package org.agora.api.allocator;

import java.util.Map;
import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.AgentID;
import org.agora.api.v1.Protos.FrameworkID;
import org.osgi.annotation.versioning.ProviderType;

/** Where an {@link Allocator} hands its decisions; implemented by the master. */
@ProviderType
public interface AllocationSink {

    /**
     * Offer {@code resources} (per agent, every resource carrying the role it is allocated to) to a framework. The
     * allocator must treat them as taken from now on, until they come back through
     * {@link Allocator#recoverResources}. All resources of one call are allocated to the same role: an allocator
     * offering a framework resources for several roles calls once per role.
     */
    void offer(FrameworkID frameworkId, Map<AgentID, Resources> resources);
}
