/** The {@code agora:*} Karaf shell commands about this agent: {@code agora:agent}, {@code agora:containers}. */
package org.agora.agent.internal.shell;
