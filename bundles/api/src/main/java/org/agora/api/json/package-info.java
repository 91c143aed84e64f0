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
 * Mesos-compatible JSON mapping for proto2 messages.
 *
 * <p>Mesos converts between JSON and protobuf with its own rules ({@code stout/protobuf.hpp}), not with the
 * proto3 JSON mapping: field names as written in the {@code .proto} file (snake_case), enums by name, 64-bit
 * integers as JSON numbers, {@code bytes} as base64. {@link org.agora.api.json.ProtoJson} implements that
 * mapping over descriptors for any generated message, without a JSON library, because the bundle must stay
 * free of third-party dependencies other than protobuf-java.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.agora.api.json;
