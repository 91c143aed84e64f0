package org.agora.scheduler.client;

/**
 * How calls and events are encoded on the wire: both the {@code Content-Type} of calls and the {@code Accept}
 * type that the master uses for each record of the event stream.
 */
public enum ContentType {

    /** {@code application/x-protobuf}: binary protobuf; the default, compact and fastest. */
    PROTOBUF("application/x-protobuf"),

    /** {@code application/json}: Mesos's JSON mapping (proto field names, enum names, base64 bytes). */
    JSON("application/json");

    private final String mediaType;

    ContentType(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The media type as sent in {@code Content-Type} and {@code Accept} headers. */
    public String mediaType() {
        return mediaType;
    }
}
