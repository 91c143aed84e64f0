/** The {@code agora:*} Karaf shell commands about the cluster. */
package org.agora.master.internal.shell;
