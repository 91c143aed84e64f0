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
