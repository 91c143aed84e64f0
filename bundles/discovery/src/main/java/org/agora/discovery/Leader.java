/*
 * Copyright 2026 the Agora authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the License is distributed on
 * an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the
 * specific language governing permissions and limitations under the License.
 */
package org.agora.discovery;

import java.util.Arrays;
import java.util.Objects;

/**
 * The current leader of a master group: the {@code json.info_*} member with the lowest sequence.
 *
 * <p>{@link #data()} is the member znode's data as stored, normally the JSON-serialised {@code MasterInfo};
 * parsing it is the caller's business. The array is copied in and out, so a {@code Leader} is immutable; equality
 * covers the znode, the sequence and the data's content.
 *
 * @param znode    the member's full znode path, e.g. {@code /mesos/json.info_0000000003}
 * @param sequence the sequence number ZooKeeper appended to the member's name
 * @param data     the member's data
 */
public record Leader(String znode, long sequence, byte[] data) {

    /**
     * @throws NullPointerException     if {@code znode} or {@code data} is null
     * @throws IllegalArgumentException if {@code sequence} is negative
     */
    public Leader {
        Objects.requireNonNull(znode, "znode");
        Objects.requireNonNull(data, "data");
        if (sequence < 0) {
            throw new IllegalArgumentException("leader " + znode + ": negative sequence " + sequence);
        }
        data = data.clone();
    }

    /** A copy of the member's data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Leader that
                && sequence == that.sequence
                && znode.equals(that.znode)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(znode, sequence) * 31 + Arrays.hashCode(data);
    }

    /** The znode and the size of the data, not the data itself. */
    @Override
    public String toString() {
        return "Leader[" + znode + ", " + data.length + " bytes]";
    }
}
