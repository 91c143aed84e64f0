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
package org.agora.security.acl.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The local authorizer's options (PID {@code org.agora.security.acl}). */
@ObjectClassDefinition(name = "Agora local ACL authorizer", description = "The authorizer named 'local': Mesos's "
        + "local authorizer over Mesos's ACL JSON (Mesos: --acls).")
public @interface AclConfig {

    @AttributeDefinition(description = "The ACL file: Mesos's ACL JSON, {\"permissive\": ..., \"register_frameworks\":"
            + " [...], \"run_tasks\": [...], ...}. An absolute path (a file:// URL is accepted, as Mesos accepts one); "
            + "a relative path is resolved against the working directory. Set this or json, not both.")
    String path() default "";

    @AttributeDefinition(description = "The ACLs themselves, as JSON, instead of a file (Mesos's --acls also takes "
            + "either). Set this or path, not both.")
    String json() default "";

    @AttributeDefinition(description = "How often the ACL file is read again to pick up changes, in milliseconds; 0 "
            + "reads it only when the component starts (and when this configuration changes). A changed file that "
            + "does not parse is logged and the ACLs loaded before stay in force.")
    long reload_interval_ms() default 2_000;
}
