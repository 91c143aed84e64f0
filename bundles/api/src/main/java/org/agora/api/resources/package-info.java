/**
 * Mesos resource arithmetic over the v1 wire type {@link org.agora.api.v1.Protos.Resource}:
 * the immutable {@link org.agora.api.resources.Resources} value type, its parser for the agent
 * {@code --resources} text form, and validation.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.agora.api.resources;
