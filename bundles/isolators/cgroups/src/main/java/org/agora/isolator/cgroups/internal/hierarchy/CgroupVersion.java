package org.agora.isolator.cgroups.internal.hierarchy;

/** Which cgroup interface the machine offers: one hierarchy per controller (v1) or the unified tree (v2). */
public enum CgroupVersion {
    V1, V2
}
