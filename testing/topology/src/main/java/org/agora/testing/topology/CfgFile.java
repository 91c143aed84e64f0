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
package org.agora.testing.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sets keys in a Karaf {@code etc/*.cfg} file by key, as an operator edits it: an uncommented {@code key = value}
 * line is replaced, a key that is not there is appended, comments and other keys stay as they are.
 */
public final class CfgFile {
    private CfgFile() {
    }

    /**
     * Sets {@code values} in {@code file}, creating the file when it does not exist.
     *
     * @throws UncheckedIOException if the file cannot be read or written
     */
    public static void set(Path file, Map<String, ?> values) {
        try {
            List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file)) : new ArrayList<>();
            for (var e : values.entrySet()) {
                String line = e.getKey() + " = " + e.getValue();
                Pattern key = Pattern.compile("\\s*" + Pattern.quote(e.getKey()) + "\\s*=.*");
                boolean replaced = false;
                for (int i = 0; i < lines.size(); i++) {
                    if (key.matcher(lines.get(i)).matches()) {
                        lines.set(i, line);
                        replaced = true;
                    }
                }
                if (!replaced) {
                    lines.add(line);
                }
            }
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set " + values.keySet() + " in " + file, e);
        }
    }
}
