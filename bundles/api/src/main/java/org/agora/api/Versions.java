package org.agora.api;

/** Version facts that master, agent and clients report. */
public final class Versions {

    /** Agora's own release. */
    public static final String AGORA = "0.1.0";

    /**
     * The Mesos release whose v1 APIs Agora speaks. Reported where Mesos reports its version (MasterInfo, /version,
     * GET_VERSION) because frameworks and tools compare it against the Mesos features they need.
     */
    public static final String MESOS_API = "1.11.0";

    private Versions() {
    }
}
