/** The scheduler client's implementation: HTTP requests, the event stream reader, leader lookup. Private. */
package org.agora.scheduler.client.internal;
