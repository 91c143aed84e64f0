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
package org.agora.security.credentials.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The credentials authenticator's options (PID {@code org.agora.security.credentials}). */
@ObjectClassDefinition(name = "Agora credentials file authenticator", description = "The authenticator named "
        + "'credentials': principals and secrets from a Mesos credentials file (Mesos: --credentials).")
public @interface CredentialsConfig {

    @AttributeDefinition(description = "The credentials file: JSON {\"credentials\": [{\"principal\": \"...\", "
            + "\"secret\": \"...\"}]} or one 'principal secret' pair per line. An absolute path (a file:// URL is "
            + "accepted, as Mesos accepts one); a relative path is resolved against the working directory. Keep it "
            + "readable by its owner only. Required: without it the authenticator does not start.")
    String path() default "";

    @AttributeDefinition(description = "How often the file is read again to pick up changes, in milliseconds; 0 "
            + "reads it only when the component starts (and when this configuration changes). A changed file that "
            + "does not parse is logged and the credentials loaded before stay in force.")
    long reload_interval_ms() default 2_000;
}
