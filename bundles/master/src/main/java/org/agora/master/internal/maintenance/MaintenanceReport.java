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
package org.agora.master.internal.maintenance;

import org.agora.api.v1.maintenance.Protos.ClusterStatus;
import org.agora.api.v1.maintenance.Protos.Schedule;

/** The schedule and the status at one moment, read together on the leader's actor (for the shell). */
public record MaintenanceReport(Schedule schedule, ClusterStatus status) {

    public static MaintenanceReport of(Maintenance maintenance) {
        return new MaintenanceReport(maintenance.modes().schedule(), maintenance.status());
    }
}
