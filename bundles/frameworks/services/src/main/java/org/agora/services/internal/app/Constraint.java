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
package org.agora.services.internal.app;

import java.util.Optional;

/**
 * A placement constraint: {@code [field, operator, value]} as Marathon writes it ({@code ["hostname", "UNIQUE"]}).
 *
 * @param field    {@code hostname} or the name of an agent attribute
 * @param operator what must hold
 * @param value    the operator's argument (a regular expression for LIKE/UNLIKE, a count for MAX_PER and
 *                 GROUP_BY, a value for CLUSTER and IS)
 */
public record Constraint(String field, Operator operator, Optional<String> value) {

    /** Marathon's constraint operators. */
    public enum Operator { UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS }
}
