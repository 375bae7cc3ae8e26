package io.laurel.program.store;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * Table {@code tier_program}: one row per program (V4); its partial unique index allows one program
 * per store that is not archived (R-TIER-1).
 */
@Entity
@Table(name = "tier_program")
@AttributeOverride(name = "programId", column = @Column(name = "tier_program_id"))
public class TierProgramRow extends ProgramHeadRow {
}
