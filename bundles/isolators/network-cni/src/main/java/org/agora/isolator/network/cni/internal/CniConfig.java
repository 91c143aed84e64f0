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
package org.agora.isolator.network.cni.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The network/cni isolator's options (PID {@code org.agora.isolator.network.cni}). */
@ObjectClassDefinition(name = "Agora network/cni isolator", description = "Containers that name CNI networks "
        + "(NetworkInfo.name) join them through CNI plugins, each in a network namespace of its own.")
public @interface CniConfig {

    @AttributeDefinition(description = "The directory of CNI network configurations: every *.conf, *.json (one "
            + "plugin) and *.conflist (a chain of plugins) file in it defines the network its 'name' says. Read again "
            + "at each launch, so networks can be added while the agent runs (Mesos: --network_cni_config_dir).")
    String network_cni_config_dir() default "/etc/cni/net.d";

    @AttributeDefinition(description = "Where the CNI plugin programs are, a colon-separated list of directories "
            + "searched in order and passed to plugins as CNI_PATH (Mesos: --network_cni_plugins_dir). Debian's "
            + "containernetworking-plugins installs them in /usr/lib/cni.")
    String network_cni_plugins_dir() default "/usr/lib/cni";

    @AttributeDefinition(description = "The agent's runtime directory (Mesos: --runtime_dir). Each container's "
            + "network namespace is bind-mounted at <runtime_dir>/isolators/network/cni/<container id>/ns, beside "
            + "what its plugins answered, so that a restarted agent finds and releases them.")
    String runtime_dir() default "/var/run/agora";

    @AttributeDefinition(description = "How long one CNI plugin call may take, in milliseconds, before it is killed "
            + "and the launch (or the release) reported as failed.")
    long plugin_timeout_ms() default 60_000;
}
