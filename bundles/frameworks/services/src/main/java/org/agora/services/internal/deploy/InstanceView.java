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
package org.agora.services.internal.deploy;

import java.time.Instant;

/**
 * What a deployment step needs to know of one non-terminal instance.
 *
 * @param taskId        the instance's task id
 * @param configVersion the {@code lastConfigChangeAt} of the app version it runs
 * @param ready         running, and healthy if the app has health checks
 * @param killing       a kill was sent (it still counts against the capacity until it is gone)
 * @param stagedAt      when it was launched
 */
public record InstanceView(String taskId, String configVersion, boolean ready, boolean killing, Instant stagedAt) {
}
