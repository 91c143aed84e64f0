package org.agora.agent.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Configuration annotations as DS would hand them over: defaults, with some values replaced. */
public final class Configs {
    private Configs() {
    }

    /** {@code overrides} are keyed by the annotation method names ({@code agent_heartbeat_interval_ms}). */
    public static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getName().equals("annotationType")) {
                return type;
            }
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("toString") ? type.getSimpleName() + overrides : m.invoke(overrides, args);
            }
            return overrides.containsKey(m.getName()) ? overrides.get(m.getName()) : m.getDefaultValue();
        }));
    }
}
