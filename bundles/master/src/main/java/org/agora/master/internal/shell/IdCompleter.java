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
package org.agora.master.internal.shell;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.MasterView;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of one kind of object the master knows now; no candidates when it cannot be asked. */
final class IdCompleter {
    private IdCompleter() {
    }

    static int complete(MasterView master, Function<MasterSnapshot, Stream<String>> ids, Session session,
            CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        try {
            ids.apply(master.snapshot().get(2, TimeUnit.SECONDS)).forEach(delegate.getStrings()::add);
        } catch (Exception e) {
            // a master that does not answer at once offers no completion rather than a stuck prompt
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
