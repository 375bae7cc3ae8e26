package io.laurel.program.store;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * One stored version of a program, kept whole: a program is a deep tree read whole and never
 * queried inside, so {@code payload} is its serialized proto exactly as Get returns it; the scalar
 * columns are what queries filter on.
 */
@MappedSuperclass
@IdClass(ProgramVersionKey.class)
public abstract class ProgramVersionRow {

    @Id
    @Column(name = "store_id")
    public String storeId;

    @Id
    public String programId;

    @Id
    public long version;

    public String status;

    @Column(name = "update_time")
    public Instant updateTime;

    public byte[] payload;
}
