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
package org.agora.services.internal;

import java.util.Map;
import java.util.Optional;
import org.agora.api.json.JsonTree;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.app.AppJson;

/** App definitions from JSON text, for the tests. */
public final class TestApps {
    private TestApps() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String text) {
        return (Map<String, Object>) JsonTree.parse(text);
    }

    /** A parsed definition stamped with {@code version} as a new configuration. */
    public static AppDefinition app(String json, String version) {
        return AppJson.parse(json(json), Optional.empty()).versioned(version, true, version);
    }
}
