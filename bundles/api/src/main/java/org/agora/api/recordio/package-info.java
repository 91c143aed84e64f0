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
