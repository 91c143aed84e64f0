/**
 * The master: {@link org.agora.master.internal.MasterComponent} (the DS component: HTTP server, ZooKeeper client,
 * leader election, timers) holds a {@link org.agora.master.internal.Master}, the facade every endpoint calls on the
 * actor thread. While this master leads, a {@link org.agora.master.internal.term.LeaderTerm} holds everything of that
 * leadership; what outlives terms (identity, {@link org.agora.master.internal.Ids}, the detected leader, the allocator
 * service) stays in {@code Master}. Packages by concern: {@code term} (one leadership), {@code agent} (membership),
 * {@code framework} (subscriptions), {@code offer}, {@code task} (launch and task life), {@code role} (weights, quota,
 * reservations), {@code allocation} (the allocator service), {@code registry} (ZooKeeper), {@code http}, {@code shell}.
 */
package org.agora.master.internal;
