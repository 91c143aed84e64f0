/**
 * Reading TLS key and trust material (PKCS12 keystores, PEM CA bundles, password files) with errors that name the
 * file and the problem, for the servers and clients of master, agent and scheduler client alike.
 */
@Export
@Version("1.0.0")
package org.agora.api.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
