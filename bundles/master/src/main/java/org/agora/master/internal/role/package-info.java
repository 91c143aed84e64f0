/**
 * Role weights, quota and dynamic reservations: the policy, and the calls that change them registry first, one at a
 * time ({@code RoleCalls}, {@code SerialChanges}).
 */
package org.agora.master.internal.role;
