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
package org.agora.master.internal.http;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.agora.api.json.JsonStream;
import org.agora.api.v1.Protos.Task;

/**
 * The operator API's {@code GET_STATE} answer as JSON, written straight into UTF-8 bytes with each task's JSON kept
 * until the task changes (the master replaces a task's message on every change, so tasks are matched by instance).
 * The text is what {@link org.agora.http.Encoding#JSON} prints for the whole message (Mesos's mapping with explicit
 * defaults); at 100,000 tasks almost all of it is tasks.
 *
 * <p>One document at a time ({@link #write} is synchronized); the cache keeps only the latest document's tasks.
 */
final class GetStateJson {
    private Map<Task, byte[]> tasks = new IdentityHashMap<>();

    /** The document whole, as {@link #write(org.agora.api.v1.master.Protos.Response, Consumer)} sends it (tests). */
    byte[] write(org.agora.api.v1.master.Protos.Response response) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        write(response, out::writeBytes);
        return out.toByteArray();
    }

    /** The document, handed to {@code sink} in pieces as they fill (see {@link JsonStream}). */
    synchronized void write(org.agora.api.v1.master.Protos.Response response, Consumer<byte[]> sink) {
        JsonStream out = new JsonStream(sink);
        Map<Task, byte[]> previous = tasks;
        Map<Task, byte[]> used = new IdentityHashMap<>(Math.max(16, previous.size()));
        out.message(response, m -> {
            if (!(m instanceof Task t)) {
                return null;
            }
            byte[] json = previous.get(t);
            if (json == null) {
                json = new JsonStream(1024).message(t).toByteArray();
            }
            used.put(t, json);
            return json;
        });
        tasks = used;
        out.finish();
    }
}
