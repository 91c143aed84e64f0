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
package org.agora.services.internal.store;

import java.util.List;
import java.util.Optional;
import org.agora.services.internal.app.AppDefinition;
import org.agora.services.internal.deploy.Deployment;
import org.agora.services.internal.instance.Instance;

/**
 * Everything the store holds, as read when a scheduler starts leading.
 *
 * @param frameworkId the framework id, once the master gave one
 * @param apps        the current version of every app
 * @param deployments the deployments not finished
 * @param instances   the instances launched and not known to have ended
 */
public record StoredState(Optional<String> frameworkId, List<AppDefinition> apps, List<Deployment> deployments,
        List<Instance> instances) {
}
