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
package org.agora.master.internal.http;

import org.agora.api.resources.Resources;
import org.agora.api.v1.Protos.Resource;
import org.agora.api.v1.master.Protos.Response.GetQuota;
import org.agora.api.v1.quota.Protos.QuotaConfig;
import org.agora.api.v1.quota.Protos.QuotaInfo;
import org.agora.api.v1.quota.Protos.QuotaRequest;
import org.agora.api.v1.quota.Protos.QuotaStatus;
import org.agora.master.internal.MasterSnapshot;
import org.agora.master.internal.role.RolePolicy;

/** GET_QUOTA, and the pre-1.9 SET_QUOTA request read as Mesos 1.9 does: its guarantee is also the limit. */
final class Quotas {
    private Quotas() {
    }

    static GetQuota status(MasterSnapshot s) {
        QuotaStatus.Builder status = QuotaStatus.newBuilder();
        for (QuotaConfig q : s.quotas()) {
            status.addConfigs(q);
            status.addInfos(QuotaInfo.newBuilder().setRole(q.getRole())
                    .addAllGuarantee(RolePolicy.guarantees(q).toList()));
        }
        return GetQuota.newBuilder().setStatus(status).build();
    }

    static QuotaConfig fromRequest(QuotaRequest request) {
        QuotaConfig.Builder b = QuotaConfig.newBuilder().setRole(request.getRole());
        for (Resource r : Resources.of(request.getGuaranteeList()).toList()) {
            if (r.getType() != org.agora.api.v1.Protos.Value.Type.SCALAR) {
                throw new IllegalArgumentException("set_quota.quota_request.guarantee: '" + r.getName()
                        + "' is not a scalar resource");
            }
            b.putGuarantees(r.getName(), r.getScalar());
            b.putLimits(r.getName(), r.getScalar());
        }
        return b.build();
    }
}
