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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the shell reads from operators and prints back: resource lists for quota, the end of a file for tail. */
class ShellTextTest {

    @Test
    void scalarListsReadAsTypedAndPrintBackTheSame() {
        var parsed = QuotaCommand.Scalars.parse("--guarantee", "cpus:0.5; mem:512;");
        assertThat(parsed).containsOnlyKeys("cpus", "mem");
        assertThat(parsed.get("cpus").getValue()).isEqualTo(0.5);
        assertThat(QuotaCommand.Scalars.text(parsed)).isEqualTo("cpus:0.5;mem:512");
    }

    @Test
    void aFragmentThatIsNotNameAmountIsNamedWithTheOption() {
        for (String bad : new String[] {"cpus=1", "cpus:lots", ":1", "mem:-5", "cpus:NaN"}) {
            assertThatThrownBy(() -> QuotaCommand.Scalars.parse("--limit", "disk:10;" + bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--limit: '" + bad + "' is not name:amount with a non-negative number (e.g. "
                            + "cpus:1;mem:512)");
        }
    }

    @Test
    void tailKeepsTheLastLines() {
        assertThat(SandboxCommand.lastLines("a\nb\nc\n", 2)).isEqualTo("b\nc\n");
        assertThat(SandboxCommand.lastLines("a\nb\nc", 1)).isEqualTo("c");
        assertThat(SandboxCommand.lastLines("a\nb\n", 10)).isEqualTo("a\nb\n");
        assertThat(SandboxCommand.lastLines("a\nb\n", 0)).isEmpty();
        assertThat(SandboxCommand.lastLines("", 3)).isEmpty();
    }
}
