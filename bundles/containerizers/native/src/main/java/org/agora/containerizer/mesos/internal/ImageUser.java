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
package org.agora.containerizer.mesos.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.agora.containerizer.mesos.internal.LaunchCommand.UserIds;

/**
 * An image's {@code User} ({@code user}, {@code uid}, {@code user:group}, {@code uid:gid} and the mixes, as Docker's
 * image spec says) as numeric ids, names looked up in the image's own {@code /etc/passwd} and {@code /etc/group}:
 * the user an image names is one of the image's, not the agent's. A numeric uid with no group takes the primary
 * group of its passwd entry, or 0 when the image has none (Docker's rule).
 */
final class ImageUser {
    private ImageUser() {
    }

    /**
     * @throws IllegalArgumentException naming the user or group the image does not define, or a malformed spec
     */
    static UserIds resolve(Path rootfs, String spec) {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? "" : spec.substring(colon + 1);
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the image's User '" + spec + "' names no user");
        }
        List<String[]> passwd = entries(rootfs, "/etc/passwd", 4);
        Optional<String[]> entry;
        int uid;
        if (isNumber(user)) {
            uid = Integer.parseInt(user);
            entry = passwd.stream().filter(f -> f[2].equals(user)).findFirst();
        } else {
            entry = passwd.stream().filter(f -> f[0].equals(user)).findFirst();
            uid = Integer.parseInt(entry.orElseThrow(() -> new IllegalArgumentException("the image's User '" + spec
                    + "': no user '" + user + "' in the image's /etc/passwd"))[2]);
        }
        int gid;
        if (group.isEmpty()) {
            gid = entry.map(f -> Integer.parseInt(f[3])).orElse(0);
        } else if (isNumber(group)) {
            gid = Integer.parseInt(group);
        } else {
            gid = Integer.parseInt(entries(rootfs, "/etc/group", 3).stream().filter(f -> f[0].equals(group))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("the image's User '" + spec
                            + "': no group '" + group + "' in the image's /etc/group"))[2]);
        }
        return new UserIds(uid, gid);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    /** The colon-separated lines of an image file with at least {@code fields} fields and a numeric third field. */
    private static List<String[]> entries(Path rootfs, String file, int fields) {
        Path path = RootfsPaths.resolve(rootfs, file);
        if (!Files.isRegularFile(path)) {
            return List.of();
        }
        try {
            return Files.readAllLines(path).stream().map(line -> line.split(":", -1))
                    .filter(f -> f.length >= fields && isNumber(f[2]) && (fields < 4 || isNumber(f[3]))).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the image's " + file + ": " + e.getMessage(), e);
        }
    }
}
