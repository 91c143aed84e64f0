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
import java.util.Optional;
import org.agora.containerizer.mesos.internal.LaunchCommand.UserIds;

/** User names to numeric ids, from the passwd file (the agent's machine is where the task runs). */
final class Users {
    private final Path passwd;

    Users(Path passwd) {
        this.passwd = passwd;
    }

    /** The ids of {@code name}, or empty when no such user exists here. */
    Optional<UserIds> lookup(String name) {
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(name)) {
                    return Optional.of(new UserIds(Integer.parseInt(f[2]), Integer.parseInt(f[3])));
                }
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read users from " + passwd + ": " + e.getMessage(), e);
        }
    }
}
