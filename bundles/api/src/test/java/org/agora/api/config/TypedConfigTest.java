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
