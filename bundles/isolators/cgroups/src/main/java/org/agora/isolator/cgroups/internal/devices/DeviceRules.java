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
package org.agora.isolator.cgroups.internal.devices;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Parses and checks a devices.allow list, so a typo is reported when configured rather than at the first task. */
final class DeviceRules {
    private static final Pattern RULE = Pattern.compile("a|[abc] (\\*|\\d+):(\\*|\\d+) [rwm]{1,3}");

    private DeviceRules() {
    }

    /** @throws IllegalArgumentException naming the PID and the rule that devices.allow would reject */
    static List<String> parse(String pid, String text) {
        List<String> rules = new ArrayList<>();
        for (String entry : text.split(",")) {
            String rule = entry.strip().replaceAll("\\s+", " ");
            if (rule.isEmpty()) {
                continue;
            }
            if (!RULE.matcher(rule).matches()) {
                throw new IllegalArgumentException(pid + ": allowed.devices entry '" + rule + "' is not "
                        + "'<a|b|c> <major|*>:<minor|*> <rwm>', as in 'c 1:3 rwm'");
            }
            rules.add(rule);
        }
        return List.copyOf(rules);
    }
}
