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
/**
 * Authentication and authorization, as Mesos's authenticator and authorizer modules: an {@link
 * org.agora.api.security.Authenticator} checks the credentials a caller presents (HTTP Basic for frameworks, operators
 * and agents), an {@link org.agora.api.security.Authorizer} decides whether an authenticated principal (or an
 * anonymous caller) may perform an {@link org.agora.api.security.Action} on an object. Both are DS services that a
 * bundle can install, replace or remove at runtime; the master and the agent choose among them by name.
 */
@Export
@Version("1.0.0")
package org.agora.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
