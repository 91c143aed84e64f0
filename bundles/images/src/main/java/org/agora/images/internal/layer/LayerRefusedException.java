package org.agora.images.internal.layer;

/** A layer holds something that must not be extracted (an unsafe path or link, a device node). */
public final class LayerRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public LayerRefusedException(String message) {
        super(message);
    }
}
