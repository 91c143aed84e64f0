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
package org.agora.api.resources;

import java.math.BigDecimal;
import java.util.Collection;

import org.agora.api.v1.Protos.Label;
import org.agora.api.v1.Protos.Resource;

/**
 * Text forms of resources as Mesos prints them in logs and in the v0 JSON endpoints:
 * {@code cpus(allocated: eng)(reservations: [(STATIC,eng)]):4}, {@code ports:[31000-32000]},
 * {@code disks:{a, b}}.
 */
final class ResourceFormat {

    private ResourceFormat() {
    }

    /** Thousandths as the shortest decimal: 4000 -> "4", 300 -> "0.3", 1500 -> "1.5". */
    static String scalar(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    /** Items as Mesos prints a set: {@code {a, b}}. */
    static String set(Collection<String> items) {
        return "{" + String.join(", ", items) + "}";
    }

    static String format(ResourceEntry entry) {
        Resource key = entry.key();
        StringBuilder out = new StringBuilder(key.getName());
        if (key.hasAllocationInfo()) {
            out.append("(allocated: ").append(key.getAllocationInfo().getRole()).append(')');
        }
        if (key.getReservationsCount() > 0) {
            out.append("(reservations: [");
            for (int i = 0; i < key.getReservationsCount(); i++) {
                Resource.ReservationInfo reservation = key.getReservations(i);
                if (i > 0) {
                    out.append(", ");
                }
                out.append('(').append(reservation.getType()).append(',').append(reservation.getRole());
                if (reservation.hasPrincipal()) {
                    out.append(',').append(reservation.getPrincipal());
                }
                if (reservation.hasLabels()) {
                    out.append(",{");
                    for (int j = 0; j < reservation.getLabels().getLabelsCount(); j++) {
                        Label label = reservation.getLabels().getLabels(j);
                        out.append(j > 0 ? ", " : "").append(label.getKey());
                        if (label.hasValue()) {
                            out.append(": ").append(label.getValue());
                        }
                    }
                    out.append('}');
                }
                out.append(')');
            }
            out.append("])");
        }
        if (key.hasDisk()) {
            out.append('[').append(disk(key.getDisk())).append(']');
        }
        if (key.hasRevocable()) {
            out.append("{REV}");
        }
        if (key.hasShared()) {
            out.append("<SHARED>");
        }
        out.append(':');
        switch (entry.type()) {
            case SCALAR -> out.append(scalar(entry.millis()));
            case RANGES -> out.append(entry.ranges());
            case SET -> out.append(set(entry.items()));
            default -> out.append('?');
        }
        return out.toString();
    }

    private static String disk(Resource.DiskInfo disk) {
        StringBuilder out = new StringBuilder();
        if (disk.hasSource()) {
            Resource.DiskInfo.Source source = disk.getSource();
            out.append(source.getType());
            if (source.hasPath() && source.getPath().hasRoot()) {
                out.append(':').append(source.getPath().getRoot());
            } else if (source.hasMount() && source.getMount().hasRoot()) {
                out.append(':').append(source.getMount().getRoot());
            }
        }
        if (disk.hasPersistence()) {
            if (disk.hasSource()) {
                out.append(',');
            }
            out.append(disk.getPersistence().getId());
        }
        if (disk.hasVolume()) {
            out.append(':').append(disk.getVolume().getContainerPath());
        }
        return out.toString();
    }
}
