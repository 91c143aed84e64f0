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

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The services scheduler's options ({@code etc/org.agora.services.cfg}). */
@ObjectClassDefinition(name = "Agora services scheduler",
        description = "Long-running apps behind Marathon's /v2 REST API, a framework on the Agora master.")
public @interface ServicesConfiguration {

    @AttributeDefinition(description = "The master: host:port, or zk://host:port[,host:port]/path to follow the "
            + "leading master (Marathon: --master).")
    String master() default "zk://127.0.0.1:2181/agora";

    @AttributeDefinition(description = "ZooKeeper URL zk://host:port[,host:port]/path where the scheduler keeps its "
            + "state (apps, deployments, instances, framework id) and elects its leader among several instances "
            + "(Marathon: --zk).")
    String zk() default "zk://127.0.0.1:2181/agora-services";

    @AttributeDefinition(description = "ZooKeeper session timeout in milliseconds (Marathon: --zk_session_timeout).")
    int zk_session_timeout_ms() default 10000;

    @AttributeDefinition(description = "Port of the REST API (Marathon: --http_port).")
    int http_port() default 8080;

    @AttributeDefinition(description = "Address the REST API listens on; empty listens on all interfaces.")
    String http_ip() default "";

    @AttributeDefinition(description = "Host name this instance advertises to the others (redirects to the leader) "
            + "and as the framework's web UI; empty uses this machine's name (Marathon: --hostname).")
    String hostname() default "";

    @AttributeDefinition(description = "The framework's name (Marathon: --framework_name).")
    String framework_name() default "marathon";

    @AttributeDefinition(description = "The framework's role, whose resources the apps use (Marathon: "
            + "--mesos_role).")
    String role() default "*";

    @AttributeDefinition(description = "The user tasks run as unless an app names one; empty uses the user this "
            + "scheduler runs as (Marathon: --mesos_user).")
    String user() default "";

    @AttributeDefinition(description = "How long, in seconds, the master keeps the framework's tasks running while "
            + "no scheduler instance is subscribed (Marathon: --failover_timeout, one week).")
    long failover_timeout_seconds() default 604800;

    @AttributeDefinition(description = "How long, in milliseconds, deployments wait for the explicit reconciliation "
            + "of the stored instances after subscribing, before they act anyway.")
    long reconcile_timeout_ms() default 10000;
}
