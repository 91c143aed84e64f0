/**
 * ZooKeeper implementation of the master group; private to the bundle (no {@code @Export}).
 *
 * <p>Each contender and detector is an actor: one {@link org.agora.discovery.internal.Mailbox} thread owns its
 * state, and every Curator callback (background results, watches, connection-state changes) is handed to it, so
 * there are no locks. Listener callbacks leave through the caller's executor.
 */
package org.agora.discovery.internal;
