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
package org.agora.scheduler.client.internal;

import java.net.URI;
import java.util.Objects;

/**
 * A master's HTTP address.
 *
 * @param host a host name, IPv4 address or IPv6 address (without brackets)
 * @param port the TCP port
 */
public record HostPort(String host, int port) {

    /** Mesos's default master port. */
    public static final int DEFAULT_PORT = 5050;

    /** @throws IllegalArgumentException if the host is empty or the port out of range */
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("master address '" + host + ":" + port
                    + "': expected a host and a port from 1 to 65535");
        }
    }

    /**
     * Parses {@code host[:port]}, {@code [ipv6][:port]} or {@code http[s]://host[:port][/path]} (the scheme and the
     * path are ignored: whether to speak TLS is the client's setting); the port defaults to {@value #DEFAULT_PORT}.
     *
     * @throws IllegalArgumentException naming the text and the problem
     */
    public static HostPort parse(String text) {
        Objects.requireNonNull(text, "master");
        String rest = text.strip();
        if (rest.startsWith("http://")) {
            rest = rest.substring("http://".length());
        } else if (rest.startsWith("https://")) {
            rest = rest.substring("https://".length());
        } else if (rest.contains("://")) {
            throw invalid(text, "only http://, https:// and zk:// masters are supported");
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        String host;
        String port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid(text, "unclosed '[' in an IPv6 address");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(text, "expected ':port' after ']'");
                }
                port = after.substring(1);
            }
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw invalid(text, "write an IPv6 address in brackets, e.g. [::1]:5050");
            }
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? null : rest.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '@')) {
            throw invalid(text, "expected host:port");
        }
        if (port == null) {
            return new HostPort(host, DEFAULT_PORT);
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw invalid(text, "port must be a number from 1 to 65535");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    /** {@code host:port}, with an IPv6 host in brackets. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** {@code http://host:port} followed by {@code path}. */
    public URI uri(String path) {
        return uri("http", path);
    }

    /** {@code scheme://host:port} followed by {@code path}. */
    public URI uri(String scheme, String path) {
        return URI.create(scheme + "://" + authority() + path);
    }

    @Override
    public String toString() {
        return authority();
    }

    private static IllegalArgumentException invalid(String text, String problem) {
        return new IllegalArgumentException("master '" + text + "': " + problem);
    }
}
