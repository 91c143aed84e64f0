package org.agora.master.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.agora.api.json.Json;
import org.agora.master.internal.MasterSnapshot;

/** The {@code /master/state} document of a snapshot as UTF-8 JSON (public for the benchmarks). */
public final class StateDocument {
    private StateDocument() {
    }

    public static byte[] json(MasterSnapshot s, Map<String, String> flags) {
        return Json.write(StateEndpoint.state(s, flags)).getBytes(StandardCharsets.UTF_8);
    }
}
