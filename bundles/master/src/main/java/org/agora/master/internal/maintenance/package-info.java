/**
 * Maintenance as Mesos 1.x has it: the operator's schedule of unavailability windows, machines DRAINING, DOWN or UP,
 * and the inverse offers that ask frameworks to give back what they hold on draining machines.
 */
package org.agora.master.internal.maintenance;
