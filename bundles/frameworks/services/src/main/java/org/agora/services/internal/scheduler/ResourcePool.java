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
package org.agora.services.internal.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;

/**
 * What is left of one offer while instances are fitted into it: scalars (cpus, mem, disk, gpus) counted in
 * thousandths as Mesos counts them, and the offered port ranges. Each piece taken is a copy of an offered resource
 * (role, reservations, allocation info as offered) so the master finds it in the offer. Revocable resources are
 * not used. Not thread-safe (the actor's).
 */
final class ResourcePool {

    /** The resources and host ports of one instance cut out of the offer. */
    record Slice(List<Resource> resources, List<Integer> ports) {
    }

    private static final class Piece {
        final Resource offered;
        long left;

        Piece(Resource offered, long left) {
            this.offered = offered;
            this.left = left;
        }
    }

    private static final class PortRange {
        final Resource offered;
        final List<long[]> free = new ArrayList<>();

        PortRange(Resource offered) {
            this.offered = offered;
            offered.getRanges().getRangeList().forEach(r -> free.add(new long[] {r.getBegin(), r.getEnd()}));
        }
    }

    private final List<Piece> scalars = new ArrayList<>();
    private final List<PortRange> ports = new ArrayList<>();

    ResourcePool(Offer offer) {
        for (Resource r : offer.getResourcesList()) {
            if (r.hasRevocable()) {
                continue;
            }
            if (r.getType() == Value.Type.SCALAR) {
                scalars.add(new Piece(r, millis(r.getScalar().getValue())));
            } else if (r.getType() == Value.Type.RANGES && "ports".equals(r.getName())) {
                ports.add(new PortRange(r));
            }
        }
    }

    /**
     * Takes one instance's resources, or nothing when they do not fit.
     *
     * @param wantedPorts the ports asked for, 0 for any
     */
    Optional<Slice> take(double cpus, double mem, double disk, int gpus, List<Integer> wantedPorts) {
        long c = millis(cpus);
        long m = millis(mem);
        long d = millis(disk);
        long g = gpus * 1000L;
        if (available("cpus") < c || available("mem") < m || available("disk") < d || available("gpus") < g) {
            return Optional.empty();
        }
        Optional<List<Integer>> chosen = choosePorts(wantedPorts);
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        List<Resource> out = new ArrayList<>();
        out.addAll(takeScalar("cpus", c));
        out.addAll(takeScalar("mem", m));
        out.addAll(takeScalar("disk", d));
        out.addAll(takeScalar("gpus", g));
        out.addAll(takePorts(chosen.get()));
        return Optional.of(new Slice(List.copyOf(out), chosen.get()));
    }

    /** Why an instance would not fit, for the launch queue's summary; empty if it fits. */
    Optional<String> shortage(double cpus, double mem, double disk, int gpus, int portCount) {
        if (available("cpus") < millis(cpus)) {
            return Optional.of("InsufficientCpus");
        }
        if (available("mem") < millis(mem)) {
            return Optional.of("InsufficientMemory");
        }
        if (available("disk") < millis(disk)) {
            return Optional.of("InsufficientDisk");
        }
        if (available("gpus") < gpus * 1000L) {
            return Optional.of("InsufficientGpus");
        }
        long free = ports.stream().flatMap(p -> p.free.stream()).mapToLong(r -> r[1] - r[0] + 1).sum();
        return free < portCount ? Optional.of("InsufficientPorts") : Optional.empty();
    }

    private Optional<List<Integer>> choosePorts(List<Integer> wanted) {
        List<Integer> chosen = new ArrayList<>();
        for (int p : wanted) {
            if (p != 0) {
                if (!isFree(p) || chosen.contains(p)) {
                    return Optional.empty();
                }
                chosen.add(p);
            }
        }
        List<Integer> result = new ArrayList<>();
        for (int p : wanted) {
            if (p != 0) {
                result.add(p);
                continue;
            }
            Optional<Integer> any = anyFree(chosen);
            if (any.isEmpty()) {
                return Optional.empty();
            }
            chosen.add(any.get());
            result.add(any.get());
        }
        return Optional.of(result);
    }

    private boolean isFree(long port) {
        return ports.stream().flatMap(p -> p.free.stream()).anyMatch(r -> r[0] <= port && port <= r[1]);
    }

    private Optional<Integer> anyFree(List<Integer> except) {
        for (PortRange pr : ports) {
            for (long[] r : pr.free) {
                for (long p = r[0]; p <= r[1]; p++) {
                    if (!except.contains((int) p)) {
                        return Optional.of((int) p);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private List<Resource> takePorts(List<Integer> chosen) {
        List<Resource> out = new ArrayList<>();
        for (PortRange pr : ports) {
            Value.Ranges.Builder taken = Value.Ranges.newBuilder();
            for (int port : chosen) {
                for (int i = 0; i < pr.free.size(); i++) {
                    long[] r = pr.free.get(i);
                    if (r[0] <= port && port <= r[1]) {
                        taken.addRange(Value.Range.newBuilder().setBegin(port).setEnd(port));
                        pr.free.remove(i);
                        if (r[0] < port) {
                            pr.free.add(i, new long[] {r[0], port - 1});
                            i++;
                        }
                        if (port < r[1]) {
                            pr.free.add(i, new long[] {port + 1, r[1]});
                        }
                        break;
                    }
                }
            }
            if (taken.getRangeCount() > 0) {
                out.add(pr.offered.toBuilder().setRanges(taken).build());
            }
        }
        return out;
    }

    private long available(String name) {
        return scalars.stream().filter(p -> p.offered.getName().equals(name)).mapToLong(p -> p.left).sum();
    }

    private List<Resource> takeScalar(String name, long wanted) {
        List<Resource> taken = new ArrayList<>();
        long missing = wanted;
        for (Piece piece : scalars) {
            if (missing == 0) {
                break;
            }
            if (!piece.offered.getName().equals(name) || piece.left == 0) {
                continue;
            }
            long amount = Math.min(missing, piece.left);
            piece.left -= amount;
            missing -= amount;
            taken.add(piece.offered.toBuilder().setScalar(Value.Scalar.newBuilder().setValue(amount / 1000.0))
                    .build());
        }
        return taken;
    }

    private static long millis(double value) {
        return Math.round(value * 1000);
    }
}
