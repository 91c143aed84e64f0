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
package org.agora.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedConfigTest {

    @interface Example {
        int port() default 5050;

        String zk_url() default "";

        boolean switch_user() default true;

        double ratio() default 0.5;
    }

    @Test
    void readsKeysAsDsNamesThemAndFallsBackToDefaults() {
        Example e = TypedConfig.read(Example.class, "pid", Map.of("zk.url", "zk://h:1/p", "port", "6060",
                "switch.user", "false"));

        assertThat(e.port()).isEqualTo(6060);
        assertThat(e.zk_url()).isEqualTo("zk://h:1/p");
        assertThat(e.switch_user()).isFalse();
        assertThat(e.ratio()).isEqualTo(0.5);
    }

    @Test
    void badValuesAreReportedWithPidKeyAndValue() {
        assertThatThrownBy(() -> TypedConfig.read(Example.class, "org.agora.master", Map.of("port", "abc")))
                .hasMessage("org.agora.master: port=abc is not a whole number");
        assertThatThrownBy(() -> TypedConfig.read(Example.class, "x", Map.of("switch.user", "yes")))
                .hasMessage("x: switch.user=yes is not true or false");
        assertThatThrownBy(() -> TypedConfig.read(Example.class, "x", Map.of("ratio", "half")))
                .hasMessage("x: ratio=half is not a number");
    }
}
