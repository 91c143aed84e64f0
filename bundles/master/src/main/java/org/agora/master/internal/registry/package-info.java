/** The master's durable state in ZooKeeper (or in memory for a lone master): see {@code Registry}. */
package org.agora.master.internal.registry;
