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
package org.agora.allocator.drf.internal;

import java.util.Arrays;
import java.util.Map;

/**
 * Allocation run durations over a window of the latest runs, reported as Mesos names them:
 * {@code allocation_run_ms} (the latest) and {@code allocation_run_ms/count}, {@code /min}, {@code /max},
 * {@code /p50}, {@code /p90}, {@code /p95}, {@code /p99}, {@code /p999}, {@code /p9999}.
 */
final class RunStats {
    private final double[] window;
    private int size;
    private int next;
    private long runs;
    private double latest;

    RunStats(int window) {
        this.window = new double[Math.max(1, window)];
    }

    void record(double ms) {
        window[next] = ms;
        next = (next + 1) % window.length;
        size = Math.min(size + 1, window.length);
        runs++;
        latest = ms;
    }

    long runs() {
        return runs;
    }

    void into(Map<String, Double> metrics) {
        metrics.put("allocation_runs", (double) runs);
        metrics.put("allocation_run_ms", latest);
        String base = "allocation_run_ms/";
        metrics.put(base + "count", (double) size);
        if (size == 0) {
            return;
        }
        double[] sorted = Arrays.copyOf(window, size);
        Arrays.sort(sorted);
        metrics.put(base + "min", sorted[0]);
        metrics.put(base + "max", sorted[size - 1]);
        metrics.put(base + "p50", percentile(sorted, 0.50));
        metrics.put(base + "p90", percentile(sorted, 0.90));
        metrics.put(base + "p95", percentile(sorted, 0.95));
        metrics.put(base + "p99", percentile(sorted, 0.99));
        metrics.put(base + "p999", percentile(sorted, 0.999));
        metrics.put(base + "p9999", percentile(sorted, 0.9999));
    }

    /** Linear interpolation between the closest ranks, as Mesos's TimeSeries percentiles. */
    static double percentile(double[] sorted, double p) {
        double rank = p * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
