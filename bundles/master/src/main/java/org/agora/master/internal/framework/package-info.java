/**
 * Framework membership in one term: subscription, streams, failover timeouts, teardown ({@code FrameworkManager}),
 * and the master's records of frameworks and tasks.
 */
package org.agora.master.internal.framework;
