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
package org.agora.isolator.cgroups.internal.io;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed {@link ThrottleConfig}: for each device, its limits.
 *
 * @param devices by "major:minor"
 */
record Throttles(Map<String, Limits> devices) {

    /** One device's limits; 0 where none is set. */
    record Limits(long readBps, long writeBps, long readIops, long writeIops) {
        Limits with(int field, long value) {
            return switch (field) {
                case 0 -> new Limits(value, writeBps, readIops, writeIops);
                case 1 -> new Limits(readBps, value, readIops, writeIops);
                case 2 -> new Limits(readBps, writeBps, value, writeIops);
                default -> new Limits(readBps, writeBps, readIops, value);
            };
        }
    }

    private static final Pattern ENTRY = Pattern.compile("\\s*(\\d+:\\d+)\\s*=\\s*(\\d+)\\s*");

    /** @throws IllegalArgumentException naming the PID, the key and the entry that is not major:minor=number */
    static Throttles parse(String pid, ThrottleConfig config) {
        Map<String, Limits> devices = new TreeMap<>();
        String[] keys = {"read.bps.device", "write.bps.device", "read.iops.device", "write.iops.device"};
        String[] values = {config.read_bps_device(), config.write_bps_device(), config.read_iops_device(),
            config.write_iops_device()};
        for (int field = 0; field < keys.length; field++) {
            if (values[field].isBlank()) {
                continue;
            }
            for (String entry : values[field].split(",")) {
                Matcher m = ENTRY.matcher(entry);
                if (!m.matches()) {
                    throw new IllegalArgumentException(pid + ": " + keys[field] + " entry '" + entry.strip()
                            + "' is not major:minor=number");
                }
                long value = Long.parseLong(m.group(2));
                int f = field;
                devices.compute(m.group(1), (d, l) -> (l == null ? new Limits(0, 0, 0, 0) : l).with(f, value));
            }
        }
        return new Throttles(Map.copyOf(devices));
    }
}
