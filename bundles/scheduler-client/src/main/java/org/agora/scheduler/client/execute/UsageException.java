package org.agora.scheduler.client.execute;

/** The command line is wrong (or asks for help): the tool prints the message and the usage text. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean help;

    UsageException(String message) {
        this(message, false);
    }

    private UsageException(String message, boolean help) {
        super(message);
        this.help = help;
    }

    /** {@code --help}: not an error. */
    static UsageException help() {
        return new UsageException("", true);
    }

    boolean isHelp() {
        return help;
    }
}
