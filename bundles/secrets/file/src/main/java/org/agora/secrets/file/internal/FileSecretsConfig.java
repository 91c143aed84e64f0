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
package org.agora.secrets.file.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The file secret resolver's options (PID {@code org.agora.secrets.file}). */
@ObjectClassDefinition(name = "Agora file secret resolver", description = "The SecretResolver named 'file': a "
        + "secret reference with name 'a/b' and key 'k' is the file <dir>/a/b/k (without a key, the file <dir>/a/b); "
        + "the task gets the file's bytes, unchanged.")
public @interface FileSecretsConfig {

    @AttributeDefinition(description = "The directory of secrets: an absolute path. Keep it readable by the agent's "
            + "user only (mode 0700, each file 0600); other modes are logged as a warning. Required: without it the "
            + "resolver does not start.")
    String dir() default "";
}
