/**
 * Agent membership in one term: {@code AgentManager} (the face the term uses), {@code AgentRegistrar} (registration,
 * re-registration, heartbeats over the agent channel), {@code AgentReachability} (unreachable agents, the
 * re-registration timeout after an election, garbage collection), and {@code AgentChannel} (the WebSocket endpoint).
 * Registry first: nothing is told to an agent or to the rest of the term before the registry holds it.
 */
package org.agora.master.internal.agent;
