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
 * HTTP for master and agent: a Netty server with a small router, Mesos's request rules (media types, status codes,
 * text/plain error bodies, absolute-form request targets), chunked streaming responses, and WebSocket sessions for the
 * master-agent channel, server and client side.
 */
@Export
@Version("1.2.0")
package org.agora.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
