/*
 * Copyright 2026 the Agora authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
 * an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
 * specific language governing permissions and limitations under the License.
 */
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
