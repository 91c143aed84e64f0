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
package org.agora.http;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /metrics/prometheus}: the figures of {@code /metrics/snapshot} as Prometheus gauges, written by the
 * Prometheus Java client's text writers. Each Mesos key becomes {@code agora_} followed by the key with every
 * character other than a letter, digit or underscore turned into an underscore ({@code master/tasks_running} is
 * {@code agora_master_tasks_running}, {@code allocator/drf/allocation_run_ms/p99} is
 * {@code agora_allocator_drf_allocation_run_ms_p99}); the gauge's help text names the key, and its value is the
 * snapshot's. Counters of the snapshot (tasks finished, ...) are gauges here too, so that the two endpoints agree
 * figure for figure.
 *
 * <p>The format is the text format 0.0.4 ({@code text/plain; version=0.0.4}), or OpenMetrics 1.0 when the
 * scraper's {@code Accept} header asks for {@code application/openmetrics-text}, as Prometheus's does. The protobuf
 * format is never chosen: the client's protobuf writer is not shipped.
 */
public final class PrometheusExposition {
    /** What every metric name starts with. */
    public static final String PREFIX = "agora_";

    private final ExpositionFormatWriter text;
    private final ExpositionFormatWriter openMetrics;

    /**
     * The client's writers with their built-in settings (no created timestamps), not those of a
     * {@code prometheus.properties} or the client's system properties, so the output is the same wherever it runs.
     */
    public PrometheusExposition() {
        this.text = PrometheusTextFormatWriter.create();
        this.openMetrics = OpenMetricsTextFormatWriter.create();
    }

    /** The Prometheus name of a snapshot key. */
    public static String name(String key) {
        StringBuilder b = new StringBuilder(PREFIX.length() + key.length()).append(PREFIX);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean legal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            b.append(legal ? c : '_');
        }
        return b.toString();
    }

    /**
     * A 200 response with {@code figures} as gauges; a key whose name another key already took is left out (the
     * first in the map's order wins), as is a value that is not a number.
     *
     * @param accept the request's {@code Accept} header, if any
     */
    public Response respond(Map<String, ?> figures, Optional<String> accept) {
        ExpositionFormatWriter writer = accept.filter(openMetrics::accepts).isPresent() ? openMetrics : text;
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * figures.size() + 64);
        try {
            writer.write(out, snapshots(figures));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return Response.ok(writer.getContentType(), out.toByteArray());
    }

    static MetricSnapshots snapshots(Map<String, ?> figures) {
        List<MetricSnapshot> gauges = new ArrayList<>(figures.size());
        Set<String> taken = new HashSet<>();
        figures.forEach((key, value) -> {
            Double v = value instanceof Number n ? Double.valueOf(n.doubleValue())
                    : value instanceof Boolean flag ? Double.valueOf(flag ? 1 : 0) : null;
            String name = name(key);
            if (v != null && taken.add(name)) {
                gauges.add(GaugeSnapshot.builder().name(name).help("Mesos metric " + key)
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(v).build()).build());
            }
        });
        return new MetricSnapshots(gauges);
    }
}
