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
