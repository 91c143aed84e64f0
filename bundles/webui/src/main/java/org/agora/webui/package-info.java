/**
 * The web UI: static files (HTML, CSS and plain JavaScript modules, no build step) inside this bundle, and
 * {@link org.agora.webui.WebUiFiles}, the handler the master routes {@code /} and {@code /ui/*} to. The pages talk to
 * the master's operator API ({@code POST /api/v1}, the {@code SUBSCRIBE} event stream) and its sandbox proxy; nothing
 * here knows the master's internals.
 */
@Export
@Version("1.0.0")
package org.agora.webui;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
