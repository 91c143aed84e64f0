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
package org.agora.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API's GET_LOGGING_LEVEL and SET_LOGGING_LEVEL, on master and agent. Mesos's level is a glog verbosity;
 * Agora maps it to the level of the root logger: 0 is INFO, 1 is DEBUG, 2 and above TRACE (and back: TRACE or ALL
 * read as 2, DEBUG as 1, anything else as 0). A SET lasts its duration, then the root logger's level goes back to
 * what it was before the first SET of the window (a SET within the window replaces the level and restarts the
 * clock), as Mesos reverts its verbosity. The level lives in a {@link RootLevel} (in Karaf, Pax Logging's
 * configuration, see {@link PaxLoggingRootLevel}); where there is none (a process without OSGi), GET reads the
 * root logger's level through SLF4J and SET is refused with a 503 that says why. Thread-safe.
 */
public final class LoggingLevel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingLevel.class);

    /** Where the root logger's configured level is kept. */
    public interface RootLevel {
        /** The configured level name (INFO, DEBUG, ...); empty when none is configured. */
        Optional<String> get() throws IOException;

        /** Configures the level ({@code empty}: removes it, back to the logging system's default). */
        void set(Optional<String> level) throws IOException;
    }

    private final Supplier<Optional<RootLevel>> root;
    private ScheduledExecutorService reverts;
    private ScheduledFuture<?> revert;
    /** The level before the first SET of the current window; null outside a window. */
    private Optional<String> original;
    private RootLevel changed;
    private boolean closed;

    /** @param root the level's store now (it may come and go, as an OSGi service does) */
    public LoggingLevel(Supplier<Optional<RootLevel>> root) {
        this.root = root;
    }

    /** The verbosity now: from the configured root level where there is a store, else from SLF4J's root logger. */
    public synchronized int level() {
        Optional<RootLevel> store = root.get();
        if (store.isPresent()) {
            try {
                return store.get().get().map(LoggingLevel::verbosity).orElse(0);
            } catch (IOException e) {
                throw HttpException.unavailable("Cannot read the logging configuration: " + e.getMessage());
            }
        }
        Logger rootLogger = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        return rootLogger.isTraceEnabled() ? 2 : rootLogger.isDebugEnabled() ? 1 : 0;
    }

    /**
     * Sets the verbosity for {@code duration}.
     *
     * @throws HttpException 400 for a duration that is not positive, 503 when there is no store to change
     */
    public synchronized void set(int verbosity, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw HttpException.badRequest("'duration' must be positive, got " + duration.toNanos() + " ns");
        }
        RootLevel store = root.get().orElseThrow(() -> HttpException.unavailable("Cannot change the logging level:"
                + " this process has no OSGi Configuration Admin for Pax Logging"));
        if (closed) {
            throw HttpException.unavailable("Cannot change the logging level: stopping");
        }
        String name = name(verbosity);
        try {
            if (original == null) {
                original = store.get();
            }
            store.set(Optional.of(name));
        } catch (IOException e) {
            throw HttpException.unavailable("Cannot change the logging configuration: " + e.getMessage());
        }
        changed = store;
        if (revert != null) {
            revert.cancel(false);
        }
        if (reverts == null) {
            reverts = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "agora-logging-level-revert");
                t.setDaemon(true);
                return t;
            });
        }
        revert = reverts.schedule(this::revert, duration.toNanos(), TimeUnit.NANOSECONDS);
        LOG.info("Logging level set to {} (verbosity {}) for {} ms; then back to {}", name, verbosity,
                duration.toMillis(), original.orElse("the default"));
    }

    /** The level the root logger gets for {@code verbosity}. */
    public static String name(int verbosity) {
        return verbosity <= 0 ? "INFO" : verbosity == 1 ? "DEBUG" : "TRACE";
    }

    /** The verbosity a level name stands for. */
    public static int verbosity(String level) {
        return switch (level.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE", "ALL" -> 2;
            case "DEBUG" -> 1;
            default -> 0;
        };
    }

    private synchronized void revert() {
        if (original == null) {
            return;
        }
        try {
            changed.set(original);
            LOG.info("Logging level back to {}", original.orElse("the default"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot put the logging level back to {}: {}", original.orElse("the default"), e.toString());
        }
        original = null;
        revert = null;
    }

    /** Puts a level set now back at once (a stopping process leaves no toggled level behind). */
    @Override
    public synchronized void close() {
        closed = true;
        if (revert != null) {
            revert.cancel(false);
            revert();
        }
        if (reverts != null) {
            reverts.shutdownNow();
        }
    }
}
