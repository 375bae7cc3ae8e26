package io.laurel.program.store;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code milestone_program_version}: every version of every program (V3). */
@Entity
@Table(name = "milestone_program_version")
@AttributeOverride(name = "programId", column = @Column(name = "program_id"))
public class MilestoneProgramVersionRow extends ProgramVersionRow {

    public String metric;
}
