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
package org.agora.agent.internal.files;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.agora.http.HttpException;

/**
 * A path asked of {@code /files}, as the names leading to it from the sandbox root ({@code <work_dir>/slaves}),
 * worked out from the text alone: an absolute path must lie under the root (as configured or as its real path), a
 * relative one is taken from the root, and {@code ..} may not climb above it. Whether the names exist, and what they
 * are, is for {@link SandboxFiles} to find out while it opens them.
 *
 * @param asked the path as the caller wrote it, for messages
 * @param names the names from the root down, none of them empty, {@code "."} or {@code ".."}; empty for the root
 */
public record SandboxPath(String asked, List<String> names) {

    public SandboxPath {
        names = List.copyOf(names);
    }

    /**
     * @param root the sandbox root, absolute and normalized
     * @param realRoot the root with its symbolic links resolved, when it exists
     * @throws HttpException 400 for text that is no path (a NUL in it), 403 for a path outside the root
     */
    public static SandboxPath parse(String asked, Path root, Optional<Path> realRoot) {
        if (asked.indexOf('\0') >= 0) {
            throw HttpException.badRequest("'path' must not contain a NUL character");
        }
        Path p;
        try {
            p = Path.of(asked).normalize();
        } catch (InvalidPathException e) {
            throw HttpException.badRequest("'path' is not a path: " + e.getMessage());
        }
        Path relative;
        if (p.isAbsolute()) {
            if (p.startsWith(root)) {
                relative = root.relativize(p);
            } else if (realRoot.isPresent() && p.startsWith(realRoot.get())) {
                relative = realRoot.get().relativize(p);
            } else {
                // before looking at the file: whether something exists out there is none of the caller's business
                throw outside(asked);
            }
        } else {
            relative = p;
        }
        List<String> names = new ArrayList<>();
        for (Path name : relative) {
            String n = name.toString();
            if (n.equals("..")) {
                throw outside(asked);
            }
            if (!n.isEmpty() && !n.equals(".")) {
                names.add(n);
            }
        }
        return new SandboxPath(asked, names);
    }

    private static HttpException outside(String asked) {
        return HttpException.forbidden("'" + asked + "' is outside the sandboxes");
    }

    /** The name of the file or directory asked for; empty for the root. */
    public String fileName() {
        return names.isEmpty() ? "" : names.get(names.size() - 1);
    }

    /** Where this path is under {@code root}, for listings. */
    public Path under(Path root) {
        Path p = root;
        for (String n : names) {
            p = p.resolve(n);
        }
        return p;
    }
}
