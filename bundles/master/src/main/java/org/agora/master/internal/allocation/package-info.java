/** The allocator service of one term ({@code AllocatorHost}): initialized, seeded, replaced, closed. */
package org.agora.master.internal.allocation;
