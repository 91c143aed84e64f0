/**
 * The agent's operator event stream (generated from {@code agora/agent_events.proto}): what the agent's
 * {@code SUBSCRIBE} on {@code /api/v1} streams, an Agora addition shaped as the master's operator events.
 */
@Export
@Version("1.0.0")
package org.agora.api.agentevents;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
