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
package org.agora.itests;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints what the processes of a system test said (log tails, framework histories) when one of its tests fails,
 * and tells the test's topology to keep its files for a look afterwards.
 */
final class TopologyDiagnostics implements TestWatcher {
    private final Supplier<String> report;
    private final Runnable keep;

    TopologyDiagnostics(Supplier<String> report, Runnable keep) {
        this.report = report;
        this.keep = keep;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        keep.run();
        System.out.println("===== " + context.getDisplayName() + " failed: " + cause);
        System.out.println(report.get());
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        if (!(cause instanceof org.opentest4j.TestAbortedException)) {
            testFailed(context, cause);
        }
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
    }
}
