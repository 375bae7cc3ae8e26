package io.laurel.program.domain.tier;

import io.laurel.platform.error.ConflictException;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.Violations;
import io.laurel.program.domain.milestone.Reward;
import io.laurel.program.domain.milestone.RewardRules;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The configuration rules of VIP tier programs (R-TIER-1, 2, 7): what a valid program is, and how
 * create, update, activate and archive make the next version. The limits of single fields (tier id
 * format, lengths, ranges, list sizes, required names) are the contract's
 * ({@code tier_program.proto}), checked before any of this runs; these are the rules that need the
 * whole program, its criterion, its update mask or the store.
 */
public final class TierProgramRules {

    public static final String RESOURCE = "tier program";

    private TierProgramRules() {
    }

    /** The settable fields of a tier program, as named in requests and update masks. */
    public static final Set<String> FIELDS = Set.of("internal_name", "tiers", "criterion", "window");

    /**
     * Records every violation of the program's settable fields under {@code v} (pointing at the
     * program): {@link #validateContextFree} over every field, then {@link #validateInStore}.
     */
    public static void validate(TierProgramVersion p, String storeCurrency, Violations v) {
        validateContextFree(p, FIELDS, v);
        validateInStore(p, storeCurrency, v);
    }

    /**
     * R-PROG-10 for tier programs: every violation of the named {@code fields} that needs nothing
     * stored (beyond the contract's, already checked): the fields a program must have (an update's
     * mask decides which it sets), what depends on the criterion, the order and uniqueness of the
     * tiers. Checks that depend on the criterion use it only when {@code criterion} is among
     * {@code fields} (an update may leave it to the stored version; the merged program is checked
     * whole later).
     */
    public static void validateContextFree(TierProgramVersion p, Set<String> fields, Violations v) {
        if (fields.contains("internal_name")) {
            v.require(!p.internalName().isEmpty(), "internal_name", "is required: 1..200 characters");
        }
        TierBasis criterion = fields.contains("criterion") ? p.criterion() : null;
        if (fields.contains("criterion")) {
            v.require(criterion != null, "criterion", "is required: POINTS_EARNED, AMOUNT_SPENT or CUSTOMER_TAG");
        }
        if (fields.contains("window") && criterion != null && criterion.usesThresholds()) {
            v.require(p.window() != null, "window",
                    "is required for " + criterion + ": LIFETIME, CALENDAR_YEAR or ROLLING_365_DAYS_FROM_UPGRADE");
        } else if (fields.contains("window") && criterion != null) {
            v.require(p.window() == null, "window", "must be unset for CUSTOMER_TAG: tags have no window");
        }
        if (fields.contains("tiers")) {
            validateTiers(criterion, p.tiers(), v);
        }
    }

    /** The checks that need the store's state: entry rewards in the store currency (R-STORE-3). */
    public static void validateInStore(TierProgramVersion p, String storeCurrency, Violations v) {
        for (int i = 0; i < p.tiers().size(); i++) {
            if (p.tiers().get(i).perks().entryReward() instanceof Reward.StoreCredit c && c.fixedAmount() != null) {
                RewardRules.requireStoreCurrency(c.fixedAmount(), storeCurrency,
                        v.at("tiers", i).nested("perks.entry_reward.store_credit.fixed_amount"));
            }
        }
    }

    static void validateTiers(TierBasis criterion, List<TierDefinition> tiers, Violations v) {
        if (tiers.isEmpty()) {
            v.add("tiers", "needs at least one tier, lowest first");
        }
        Set<String> ids = new HashSet<>();
        Set<String> tags = new HashSet<>();
        long previousThreshold = -1;
        int previousRank = 0;
        for (int i = 0; i < tiers.size(); i++) {
            TierDefinition t = tiers.get(i);
            Violations at = v.at("tiers", i);
            // the tier id's format, the name and the ranges of threshold and rank are the contract's
            if (!ids.add(t.tierId())) {
                at.add("tier_id", "is used by an earlier tier; tier ids are unique within the program");
            }
            if (criterion != null && criterion.usesThresholds()) {
                if (i > 0 && t.threshold() <= previousThreshold) {
                    at.add("threshold", "must be greater than the previous tier's threshold " + previousThreshold);
                }
                previousThreshold = Math.max(previousThreshold, t.threshold());
                at.require(t.tag().isEmpty(), "tag", "must be empty: the criterion is " + criterion);
                at.require(t.rank() == 0, "rank", "must be 0: the criterion is " + criterion);
            } else if (criterion == TierBasis.CUSTOMER_TAG) {
                at.require(t.threshold() == 0, "threshold", "must be 0: tiers are placed by tag");
                if (t.tag().isEmpty()) {
                    at.add("tag", "is required: 1..255 characters");
                } else if (!tags.add(t.tag())) {
                    at.add("tag", "is used by an earlier tier; tags are unique within the program");
                }
                if (t.rank() <= 0) {
                    at.add("rank", "must be positive");
                } else if (i > 0 && t.rank() <= previousRank) {
                    at.add("rank", "must be greater than the previous tier's rank " + previousRank);
                }
                previousRank = Math.max(previousRank, t.rank());
            }
            validatePerks(t.perks(), at.nested("perks"));
        }
    }

    static void validatePerks(PerkSet perks, Violations v) {
        // the multiplier's range and the benefits are the contract's
        Reward entry = perks.entryReward();
        if (entry != null) {
            RewardRules.validate(entry, "an entry reward has no order: use a fixed amount", v.nested("entry_reward"));
            RewardRules.validateExpiry(perks.entryRewardExpiry(), v, "entry_reward_expiry");
        } else {
            v.require(perks.entryRewardExpiry() == null, "entry_reward_expiry",
                    "must be unset without an entry_reward: there is nothing to expire");
        }
    }

    /** Version 1 of a new program: always a DRAFT. */
    public static TierProgramVersion create(TierProgramVersion candidate, String tierProgramId, String storeId, Instant now) {
        return new TierProgramVersion(tierProgramId, storeId, candidate.internalName(), ProgramStatus.DRAFT,
                candidate.criterion(), candidate.window(), candidate.tiers(), 1, now, now);
    }

    public static void requireVersion(TierProgramVersion current, long expectedVersion) {
        if (current.version() != expectedVersion) {
            throw new ConflictException(RESOURCE, current.tierProgramId(), expectedVersion, current.version());
        }
    }

    /**
     * R-TIER-7: the next version with the candidate's settable values, effective at once. Criterion
     * and window are fixed once the program has been activated.
     */
    public static TierProgramVersion update(TierProgramVersion current, TierProgramVersion candidate, Instant now) {
        requireNotArchived(current);
        if (current.status() != ProgramStatus.DRAFT) {
            if (candidate.criterion() != null && candidate.criterion() != current.criterion()) {
                throw new FailedPreconditionException("CRITERION_IMMUTABLE",
                        "the criterion of a program that has been activated cannot change; archive it and create a new one");
            }
            if (!Objects.equals(candidate.window(), current.window())) {
                throw new FailedPreconditionException("WINDOW_IMMUTABLE",
                        "the window of a program that has been activated cannot change; archive it and create a new one");
            }
        }
        return new TierProgramVersion(current.tierProgramId(), current.storeId(), candidate.internalName(), current.status(),
                candidate.criterion(), candidate.window(), candidate.tiers(), current.version() + 1,
                current.createTime(), now);
    }

    /** DRAFT → ACTIVE; ACTIVE stays as it is. */
    public static TierProgramVersion activate(TierProgramVersion current, Instant now) {
        requireNotArchived(current);
        return current.status() == ProgramStatus.ACTIVE ? current
                : current.withStatus(ProgramStatus.ACTIVE, now);
    }

    /** DRAFT or ACTIVE → ARCHIVED, final; ARCHIVED stays as it is. */
    public static TierProgramVersion archive(TierProgramVersion current, Instant now) {
        return current.status() == ProgramStatus.ARCHIVED ? current
                : current.withStatus(ProgramStatus.ARCHIVED, now);
    }

    /** An archived program is read-only. */
    public static void requireNotArchived(TierProgramVersion current) {
        if (current.status() == ProgramStatus.ARCHIVED) {
            throw new FailedPreconditionException("PROGRAM_ARCHIVED", "the tier program is archived and read-only");
        }
    }
}
