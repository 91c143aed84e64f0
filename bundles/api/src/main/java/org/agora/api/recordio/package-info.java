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
 * RecordIO framing of the Mesos v1 streaming APIs ({@code docs/recordio.md}).
 *
 * <p>A record is its length in bytes as ASCII decimal digits, a line feed, then exactly that many bytes of
 * data: {@code 20\n{"type":"HEARTBEAT"}}. {@link org.agora.api.recordio.RecordIo} frames records and
 * {@link org.agora.api.recordio.RecordIoDecoder} splits a byte stream back into records whatever the chunk
 * boundaries.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.agora.api.recordio;
