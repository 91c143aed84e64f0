package org.agora.api.security;

import java.util.Objects;

/**
 * An authenticated caller: a framework, an operator or an agent.
 *
 * @param value the principal's name, as in Mesos's {@code Credential.principal}; never empty
 */
public record Principal(String value) {
    public Principal {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a principal has a name");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
