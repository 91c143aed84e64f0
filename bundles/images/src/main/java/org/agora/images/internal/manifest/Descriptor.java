package org.agora.images.internal.manifest;

/**
 * A content descriptor: what a manifest says about a blob or another manifest.
 *
 * @param mediaType as given (may be empty in OCI documents)
 * @param digest    {@code sha256:...}, checked to be well formed
 * @param size      in bytes as given; -1 when absent
 */
public record Descriptor(String mediaType, String digest, long size) {
}
