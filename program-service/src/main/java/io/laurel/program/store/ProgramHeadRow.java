package io.laurel.program.store;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * A program's head row: which version is current, and the summary columns lists filter on. Writers
 * lock it FOR UPDATE, so changes to one program queue behind each other. Each kind of program maps
 * {@code programId} to its own id column.
 */
@MappedSuperclass
@IdClass(ProgramKey.class)
public abstract class ProgramHeadRow {

    @Id
    @Column(name = "store_id")
    public String storeId;

    @Id
    public String programId;

    @Column(name = "current_version")
    public long currentVersion;

    /** The current version's status, as stored: the proto name without its prefix (ACTIVE). */
    public String status;

    @Column(name = "create_time")
    public Instant createTime;
}
