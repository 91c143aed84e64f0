package org.agora.agent.internal.fetcher;

/** A URI could not be fetched into a sandbox; the message names the URI and the cause. */
public final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    public FetchException(String message) {
        super(message);
    }
}
