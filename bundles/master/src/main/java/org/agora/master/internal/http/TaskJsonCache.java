package org.agora.master.internal.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.agora.api.v1.Protos.Task;

/**
 * Each task's JSON in {@code /master/state}, kept until the task changes: the master replaces a task's immutable
 * {@link Task} message on every status update, so a cached entry is valid exactly while it was made from the same
 * message instance. At 100,000 mostly unchanged tasks this turns writing the state into copying bytes.
 *
 * <p>Used by the views thread; safe for concurrent writers. Entries a write did not touch are dropped after it, so the
 * cache holds only tasks of the latest writes (and a filtered view may evict what others need: they are rebuilt).
 */
final class TaskJsonCache {
    private record Key(String frameworkId, String taskId) {
    }

    private static final class Entry {
        final Task task;
        final byte[] json;
        volatile long generation;

        Entry(Task task, byte[] json, long generation) {
            this.task = task;
            this.json = json;
            this.generation = generation;
        }
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong();

    /** One document's use of the cache: {@link #json} for each task written, then {@link #close}. */
    final class Pass implements AutoCloseable {
        private final long generation = generations.incrementAndGet();
        private int used;

        byte[] json(Task task, Function<Task, byte[]> render) {
            used++;
            Key key = new Key(task.getFrameworkId().getValue(), task.getTaskId().getValue());
            Entry e = entries.get(key);
            if (e == null || e.task != task) {
                e = new Entry(task, render.apply(task), generation);
                entries.put(key, e);
            } else {
                e.generation = generation;
            }
            return e.json;
        }

        /** Drops the entries this pass did not use (tasks gone, or replaced by a newer message). */
        @Override
        public void close() {
            if (entries.size() > used) {
                entries.values().removeIf(e -> e.generation < generation);
            }
        }
    }

    Pass pass() {
        return new Pass();
    }

    int size() {
        return entries.size();
    }
}
