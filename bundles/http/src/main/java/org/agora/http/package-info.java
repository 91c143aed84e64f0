/**
 * HTTP for master and agent: a Netty server with a small router, Mesos's request rules (media types, status codes,
 * text/plain error bodies, absolute-form request targets), chunked streaming responses, and WebSocket sessions for the
 * master-agent channel, server and client side.
 */
@Export
@Version("1.2.0")
package org.agora.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
