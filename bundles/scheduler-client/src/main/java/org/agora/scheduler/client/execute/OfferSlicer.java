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
package org.agora.scheduler.client.execute;

import java.util.ArrayList;
import java.util.List;

import org.agora.api.v1.Protos.Offer;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.Protos.Value;

/**
 * Cuts task-sized pieces of CPUs and memory out of an offer. Each piece is a copy of an offered resource (role,
 * reservations and allocation info as offered) with a smaller scalar, so the master finds every piece in the
 * offer. Scalars are counted in thousandths, as Mesos counts them.
 */
final class OfferSlicer {

    static final String CPUS = "cpus";
    static final String MEM = "mem";

    private final long cpusMillis;
    private final long memMillis;

    /**
     * @param cpus CPUs per task
     * @param mem  memory per task, MB
     */
    OfferSlicer(double cpus, double mem) {
        this.cpusMillis = millis(cpus);
        this.memMillis = millis(mem);
    }

    /**
     * The resources of as many tasks as fit in {@code offer}, at most {@code max}: one list per task.
     * Revocable resources are not used.
     */
    List<List<Resource>> slice(Offer offer, int max) {
        List<Piece> pool = new ArrayList<>();
        for (Resource resource : offer.getResourcesList()) {
            if (resource.getType() == Value.Type.SCALAR && !resource.hasRevocable()
                    && (resource.getName().equals(CPUS) || resource.getName().equals(MEM))) {
                pool.add(new Piece(resource, millis(resource.getScalar().getValue())));
            }
        }
        List<List<Resource>> tasks = new ArrayList<>();
        while (tasks.size() < max && available(pool, CPUS) >= cpusMillis && available(pool, MEM) >= memMillis) {
            List<Resource> task = new ArrayList<>(take(pool, CPUS, cpusMillis));
            task.addAll(take(pool, MEM, memMillis));
            tasks.add(List.copyOf(task));
        }
        return tasks;
    }

    /** Offered CPUs (non-revocable). */
    static double total(Offer offer, String name) {
        long sum = 0;
        for (Resource resource : offer.getResourcesList()) {
            if (resource.getName().equals(name) && resource.getType() == Value.Type.SCALAR
                    && !resource.hasRevocable()) {
                sum += millis(resource.getScalar().getValue());
            }
        }
        return sum / 1000.0;
    }

    private static long available(List<Piece> pool, String name) {
        return pool.stream().filter(p -> p.offered.getName().equals(name)).mapToLong(p -> p.left).sum();
    }

    private static List<Resource> take(List<Piece> pool, String name, long wanted) {
        List<Resource> taken = new ArrayList<>();
        long missing = wanted;
        for (Piece piece : pool) {
            if (missing == 0) {
                break;
            }
            if (!piece.offered.getName().equals(name) || piece.left == 0) {
                continue;
            }
            long amount = Math.min(missing, piece.left);
            piece.left -= amount;
            missing -= amount;
            taken.add(piece.offered.toBuilder()
                    .setScalar(Value.Scalar.newBuilder().setValue(amount / 1000.0))
                    .build());
        }
        return taken;
    }

    private static long millis(double value) {
        return Math.round(value * 1000);
    }

    private static final class Piece {
        final Resource offered;
        long left;

        Piece(Resource offered, long left) {
            this.offered = offered;
            this.left = left;
        }
    }
}
