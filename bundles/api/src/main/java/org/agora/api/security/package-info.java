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
