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
