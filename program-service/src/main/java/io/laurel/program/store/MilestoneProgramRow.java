package io.laurel.program.store;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code milestone_program}: one row per program (V3). */
@Entity
@Table(name = "milestone_program")
@AttributeOverride(name = "programId", column = @Column(name = "program_id"))
public class MilestoneProgramRow extends ProgramHeadRow {

    /** The current version's metric, as stored (ORDER_COUNT). */
    public String metric;
}
