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
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The root logger's level in Karaf: the {@code log4j2.rootLogger.level} key of Pax Logging's configuration
 * ({@code org.ops4j.pax.logging}), changed through Configuration Admin, as Karaf's {@code log:set} changes it. Pax
 * Logging applies a change shortly after the update.
 */
public final class PaxLoggingRootLevel implements LoggingLevel.RootLevel {
    /** Pax Logging's configuration PID. */
    public static final String PID = "org.ops4j.pax.logging";
    /** The key of the root logger's level (Pax Logging's Log4j 2 backend, Karaf 4.4). */
    public static final String KEY = "log4j2.rootLogger.level";

    private final ConfigurationAdmin configurationAdmin;

    public PaxLoggingRootLevel(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    @Override
    public Optional<String> get() throws IOException {
        Dictionary<String, Object> p = configuration().getProperties();
        return p == null || p.get(KEY) == null ? Optional.empty() : Optional.of(p.get(KEY).toString());
    }

    @Override
    public void set(Optional<String> level) throws IOException {
        Configuration c = configuration();
        Dictionary<String, Object> p = c.getProperties() != null ? c.getProperties() : new Hashtable<>();
        if (level.isPresent()) {
            p.put(KEY, level.get());
        } else {
            p.remove(KEY);
        }
        c.update(p);
    }

    private Configuration configuration() throws IOException {
        // null location: the configuration stays bound to Pax Logging, as Karaf's log:set leaves it
        return configurationAdmin.getConfiguration(PID, null);
    }
}
