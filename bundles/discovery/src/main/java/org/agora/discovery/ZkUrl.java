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
package org.agora.discovery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed Mesos-style ZooKeeper URL, {@code zk://[user:password@]host[:port][,host[:port]...]/path}, as given to
 * {@code --zk} / {@code --master}.
 *
 * <p>{@link #connectString()} is the ZooKeeper connect string ({@code host1:2181,host2:2181}, without a chroot);
 * {@link #path()} is the absolute path of the group ({@code /mesos}): it starts with {@code '/'}, has no trailing
 * {@code '/'} and is not the root. Credentials, when present, are used for ZooKeeper {@code digest} authentication.
 * {@link #toString()} masks the password, so a {@code ZkUrl} may be logged.
 *
 * @param connectString ZooKeeper connect string, comma-separated {@code host[:port]} without a path
 * @param path          absolute znode path of the group, e.g. {@code /mesos}
 * @param credentials   digest credentials from the URL's user-info part, if any
 */
public record ZkUrl(String connectString, String path, Optional<Credentials> credentials) {

    private static final String SCHEME = "zk://";
    private static final String EXPECTED = "expected zk://host:port[,host:port]/path";

    /**
     * Validates the components; {@link #parse(String)} is the usual way to get one.
     *
     * @throws IllegalArgumentException if a component is malformed
     * @throws NullPointerException     if a component is null
     */
    public ZkUrl {
        Objects.requireNonNull(connectString, "connectString");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(credentials, "credentials");
        String problem = hostsProblem(connectString);
        if (problem == null) {
            problem = pathProblem(path);
        }
        if (problem != null) {
            throw new IllegalArgumentException("zk URL 'zk://" + connectString + path + "': " + problem);
        }
    }

    /**
     * Parses {@code zk://[user:password@]host[:port][,host[:port]...]/path}. Surrounding whitespace is ignored; a
     * missing port means ZooKeeper's default 2181; IPv6 hosts are written in brackets ({@code [::1]:2181}).
     *
     * @param url the URL text
     * @return the parsed URL
     * @throws IllegalArgumentException naming the URL (password masked) and the problem, if it is malformed
     */
    public static ZkUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String text = url.strip();
        if (!text.startsWith(SCHEME)) {
            throw invalid(text, EXPECTED);
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        if (slash < 0) {
            throw invalid(text, EXPECTED + " (the path is missing)");
        }
        String path = rest.substring(slash);

        Optional<Credentials> credentials = Optional.empty();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon <= 0 || colon == userInfo.length() - 1) {
                throw invalid(text, "credentials must be user:password");
            }
            credentials = Optional.of(new Credentials(userInfo.substring(0, colon), userInfo.substring(colon + 1)));
        }
        if (authority.isEmpty()) {
            throw invalid(text, EXPECTED + " (no host given)");
        }
        String problem = hostsProblem(authority);
        if (problem == null) {
            problem = pathProblem(path);
        }
        if (problem != null) {
            throw invalid(text, problem);
        }
        return new ZkUrl(authority, path, credentials);
    }

    /** The URL as given, with the password replaced by {@code ***}. */
    @Override
    public String toString() {
        return SCHEME + credentials.map(c -> c.username() + ":***@").orElse("") + connectString + path;
    }

    private static IllegalArgumentException invalid(String text, String problem) {
        return new IllegalArgumentException("zk URL '" + masked(text) + "': " + problem);
    }

    /** Masks the password: whatever sits between the user name's ':' and the last '@' of the authority. */
    private static String masked(String text) {
        if (!text.startsWith(SCHEME)) {
            return text;
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return text;
        }
        String userInfo = authority.substring(0, at);
        int colon = userInfo.indexOf(':');
        if (colon < 0 || colon == userInfo.length() - 1) {
            return text; // no password to hide
        }
        return SCHEME + userInfo.substring(0, colon) + ":***" + rest.substring(at);
    }

    /** Returns why {@code hosts} is not a connect string, or null if it is one. */
    private static String hostsProblem(String hosts) {
        if (hosts.isEmpty()) {
            return "no host given";
        }
        List<String> problems = new ArrayList<>();
        for (String hostPort : hosts.split(",", -1)) {
            String problem = hostProblem(hostPort);
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String hostProblem(String hostPort) {
        if (hostPort.isEmpty()) {
            return "empty host in the host list";
        }
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return "host '" + hostPort + "': unclosed '[' in an IPv6 address";
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    return "host '" + hostPort + "': expected ':port' after ']'";
                }
                port = after.substring(1);
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            return "host '" + hostPort + "': the host name is empty";
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.isWhitespace(c) || c == '/' || c == '@' || c == '[' || c == ']') {
                return "host '" + hostPort + "': invalid character '" + c + "' in the host name";
            }
        }
        if (port != null && !validPort(port)) {
            return "host '" + hostPort + "': port must be a number from 1 to 65535";
        }
        return null;
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65535;
    }

    /** Returns why {@code path} cannot be the group path, or null if it can. */
    private static String pathProblem(String path) {
        if (!path.startsWith("/")) {
            return "path '" + path + "' must start with '/'";
        }
        if (path.equals("/")) {
            return "path must name a znode below '/', e.g. /mesos";
        }
        if (path.endsWith("/")) {
            return "path '" + path + "' must not end with '/'";
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                return "path '" + path + "' has an empty segment ('//')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "path '" + path + "' has a relative segment '" + segment + "'";
            }
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\u0000' || Character.isISOControl(c) || Character.isWhitespace(c)) {
                return "path '" + path + "' contains a control or whitespace character";
            }
        }
        return null;
    }

    /**
     * ZooKeeper {@code digest} credentials from a {@code zk://user:password@...} URL.
     * {@link #toString()} does not print the password.
     *
     * @param username the digest user name, not empty
     * @param password the digest password, not empty
     */
    public record Credentials(String username, String password) {

        /**
         * @throws IllegalArgumentException if either part is empty, or the user name contains ':'
         */
        public Credentials {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isEmpty() || password.isEmpty() || username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("zk credentials: expected user:password, both non-empty");
            }
        }

        /** The bytes of {@code user:password}, as ZooKeeper's {@code digest} scheme expects them. */
        public byte[] digestAuth() {
            return (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        }

        /** {@code user:***}: never the password. */
        @Override
        public String toString() {
            return username + ":***";
        }
    }
}
