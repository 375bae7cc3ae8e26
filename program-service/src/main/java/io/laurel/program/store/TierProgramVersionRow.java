package io.laurel.program.store;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Table {@code tier_program_version}: every version of every tier program (V4). */
@Entity
@Table(name = "tier_program_version")
@AttributeOverride(name = "programId", column = @Column(name = "tier_program_id"))
public class TierProgramVersionRow extends ProgramVersionRow {
}
