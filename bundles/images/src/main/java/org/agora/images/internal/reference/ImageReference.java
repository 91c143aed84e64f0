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
package org.agora.images.internal.reference;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.agora.api.image.ImageException;
import org.agora.api.image.ImageException.Reason;

/**
 * A Docker image reference ({@code [registry/]repository[:tag][@digest]}), parsed as Docker parses one, with the
 * registry left empty when the name does not carry one (the default registry then applies). The grammar is checked
 * strictly: names end up in URLs and in paths of the local store, so nothing like {@code ..} gets through.
 *
 * @param registry   {@code host[:port]}, or empty for the default registry
 * @param repository path components separated by {@code /}, lower case
 * @param tag        the tag; {@code latest} when neither a tag nor a digest is given, empty with only a digest
 * @param digest     {@code sha256:...}, or empty
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

    /**
     * @throws ImageException (INVALID_REQUEST) naming the reference and what is wrong with it
     */
    public static ImageReference parse(String name) {
        if (name == null || name.isBlank()) {
            throw invalid(String.valueOf(name), "it is empty");
        }
        if (name.length() > 512) {
            throw invalid(name.substring(0, 64) + "...", "it is longer than 512 characters");
        }
        String rest = name;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!Digests.isValid(digest)) {
                throw invalid(name, "'" + digest + "' is not a sha256 digest");
            }
        }
        String registry = "";
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                registry = first;
                rest = rest.substring(slash + 1);
                if (!HOST.matcher(registry).matches()) {
                    throw invalid(name, "'" + registry + "' is not a registry host[:port]");
                }
            }
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(name, "'" + tag + "' is not a valid tag");
            }
        } else if (digest.isEmpty()) {
            tag = "latest";
        }
        if (rest.isEmpty()) {
            throw invalid(name, "it names no repository");
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw invalid(name, "'" + component + "' is not a valid repository name component (lower-case "
                        + "letters, digits and single separators . _ __ -)");
            }
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    private static ImageException invalid(String name, String why) {
        return new ImageException(Reason.INVALID_REQUEST, "image '" + name + "': not a valid image reference: " + why);
    }

    /** The reference for a registry request: the digest if there is one, else the tag. */
    public String manifestReference() {
        return digest.isEmpty() ? tag : digest;
    }

    /** The repository as the registry knows it: {@code library/} added to a single name on the default registry. */
    public String repositoryOn(boolean defaultRegistry) {
        return defaultRegistry && !repository.contains("/") ? "library/" + repository : repository;
    }

    /** The registry's base URL: {@code http://} for a loopback host (as Docker treats them), else {@code https://}. */
    public Optional<String> registryUrl() {
        if (registry.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((isLoopback(registry) ? "http://" : "https://") + registry);
    }

    /** Whether {@code hostPort}'s host is {@code localhost} or a loopback address literal (no name lookup). */
    public static boolean isLoopback(String hostPort) {
        String host = hostPort;
        if (host.startsWith("[")) {
            host = host.substring(1, Math.max(1, host.indexOf(']')));
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return (registry.isEmpty() ? "" : registry + "/") + repository + (tag.isEmpty() ? "" : ":" + tag)
                + (digest.isEmpty() ? "" : "@" + digest);
    }
}
