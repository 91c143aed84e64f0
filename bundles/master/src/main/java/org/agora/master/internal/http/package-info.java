/** The master's HTTP endpoints: scheduler and operator APIs, state, metrics, redirects to the leader. */
package org.agora.master.internal.http;
