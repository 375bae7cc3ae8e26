package io.laurel.program.store;

import java.io.Serializable;
import java.util.Objects;

/** The key of one stored version of a program. */
public class ProgramVersionKey implements Serializable {

    public String storeId;
    public String programId;
    public long version;

    public ProgramVersionKey() {
    }

    public ProgramVersionKey(String storeId, String programId, long version) {
        this.storeId = storeId;
        this.programId = programId;
        this.version = version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProgramVersionKey k && storeId.equals(k.storeId) && programId.equals(k.programId)
                && version == k.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(storeId, programId, version);
    }
}
