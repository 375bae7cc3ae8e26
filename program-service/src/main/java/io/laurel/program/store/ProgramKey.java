package io.laurel.program.store;

import java.io.Serializable;
import java.util.Objects;

/** The key of a program's head row: the store and the program's id (R-STORE-1: ids are per store). */
public class ProgramKey implements Serializable {

    public String storeId;
    public String programId;

    public ProgramKey() {
    }

    public ProgramKey(String storeId, String programId) {
        this.storeId = storeId;
        this.programId = programId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProgramKey k && storeId.equals(k.storeId) && programId.equals(k.programId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(storeId, programId);
    }
}
