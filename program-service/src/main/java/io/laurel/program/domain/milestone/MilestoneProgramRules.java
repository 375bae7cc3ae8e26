package io.laurel.program.domain.milestone;

import io.laurel.platform.error.ConflictException;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.Violations;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The rules of milestone programs (R-PROG-1..10): what a valid program is, and how create, update
 * and the status changes make the next version. The limits of single fields (lengths, ranges, list
 * sizes, required kinds and amounts) are the contract's ({@code milestone_program.proto}), checked
 * before any of this runs; these are the rules that need the whole program, its update mask or
 * the store.
 */
public final class MilestoneProgramRules {

    public static final String RESOURCE = "milestone program";
    public static final int MAX_CONDITION_DEPTH = 8;
    public static final int MAX_CONDITION_NODES = 100;
    /** L-TRACK-14: the longest inactivity a milestone may wait for. */
    public static final long MAX_INACTIVITY_DAYS = 36_500;

    private MilestoneProgramRules() {
    }

    /** The settable fields of a program, as named in requests and update masks. */
    public static final Set<String> FIELDS = Set.of("internal_name", "title", "schedule", "metric", "condition",
            "milestones", "points_expiry", "refund_policy");

    /**
     * Records every violation of the program's settable fields under {@code v} (which points at the
     * program in the request): {@link #validateContextFree} over every field, then {@link #validateInStore}.
     * {@code storeCurrency} is the store's; {@code knownTierIds} the tier ids of the store's current
     * tier program (empty when it has none).
     */
    public static void validate(MilestoneProgramVersion p, String storeCurrency, Set<String> knownTierIds, Violations v) {
        validateContextFree(p, FIELDS, v);
        validateInStore(p, storeCurrency, knownTierIds, v);
    }

    /**
     * R-PROG-10: every violation of the named {@code fields} that needs nothing stored (beyond the
     * contract's, already checked), so a request learns them together before any transaction: the
     * fields a program must have (an update's mask decides which it sets), the order of the schedule
     * and the targets, and what depends on the metric. Checks that depend on the metric use it only
     * when {@code metric} is among {@code fields} (an update may leave it to the stored version,
     * whose checks then run on the merged program).
     */
    public static void validateContextFree(MilestoneProgramVersion p, Set<String> fields, Violations v) {
        if (fields.contains("internal_name")) {
            v.require(!p.internalName().isEmpty(), "internal_name", "is required: 1..200 characters");
        }
        ProgramSchedule s = p.schedule();
        if (fields.contains("schedule") && s.start() != null && s.end() != null) {
            v.require(s.end().isAfter(s.start()), "schedule.end_time", "must be after schedule.start_time");
        }
        Metric metric = fields.contains("metric") ? p.metric() : null;
        if (fields.contains("metric")) {
            v.require(p.metric() != null, "metric",
                    "is required: ORDER_COUNT, AMOUNT_SPENT, POINTS_EARNED, REVIEW_COUNT or INACTIVITY_DAYS");
        }
        if (fields.contains("milestones")) {
            validateMilestones(metric, p.milestones(), v);
        }
        if (fields.contains("points_expiry")) {
            RewardRules.validateExpiry(p.pointsExpiry(), v, "points_expiry");
        }
        if (fields.contains("condition") && p.condition() != null) {
            new ConditionCheck(metric).check(p.condition(), 1, v.nested("condition"));
        }
    }

    /**
     * The checks that need the store's state: money in the store currency (R-STORE-3) and tier ids
     * of the store's current tier program (R-PROG-5). Well-formedness is the contract's and
     * {@link #validateContextFree}'s.
     */
    public static void validateInStore(MilestoneProgramVersion p, String storeCurrency, Set<String> knownTierIds,
                                       Violations v) {
        for (int i = 0; i < p.milestones().size(); i++) {
            if (p.milestones().get(i).reward() instanceof Reward.StoreCredit c && c.fixedAmount() != null) {
                RewardRules.requireStoreCurrency(c.fixedAmount(), storeCurrency,
                        v.at("milestones", i).nested("reward.store_credit.fixed_amount"));
            }
        }
        if (p.condition() != null) {
            inStore(p.condition(), 1, storeCurrency, knownTierIds, v.nested("condition"));
        }
    }

    private static void inStore(Eligibility c, int depth, String storeCurrency, Set<String> knownTierIds,
                                Violations v) {
        if (depth > MAX_CONDITION_DEPTH) {
            return;
        }
        switch (c) {
            case Eligibility.CurrentTier t -> {
                for (int i = 0; i < t.tierIds().size(); i++) {
                    v.nested("current_tier").require(knownTierIds.contains(t.tierIds().get(i)), "tier_ids[" + i + "]",
                            "is not a tier of the store's current tier program");
                }
            }
            case Eligibility.MinimumOrderAmount m -> RewardRules.requireStoreCurrency(m.amount(), storeCurrency,
                    v.nested("minimum_order_amount.amount"));
            case Eligibility.AllOf all -> {
                for (int i = 0; i < all.conditions().size(); i++) {
                    inStore(all.conditions().get(i), depth + 1, storeCurrency, knownTierIds,
                            v.nested("all_of").at("conditions", i));
                }
            }
            case Eligibility.AnyOf any -> {
                for (int i = 0; i < any.conditions().size(); i++) {
                    inStore(any.conditions().get(i), depth + 1, storeCurrency, knownTierIds,
                            v.nested("any_of").at("conditions", i));
                }
            }
            case Eligibility.Not not -> inStore(not.condition(), depth + 1, storeCurrency, knownTierIds, v.nested("not"));
            case Eligibility.CustomerTags t -> { }
            case Eligibility.Unset u -> { }
        }
    }

    /** The tier ids a condition names anywhere in its tree (activation re-checks them, R-PROG-5). */
    public static Set<String> tierIds(Eligibility c) {
        Set<String> ids = new java.util.TreeSet<>();
        collectTierIds(c, ids);
        return ids;
    }

    private static void collectTierIds(Eligibility c, Set<String> ids) {
        switch (c) {
            case null -> { }
            case Eligibility.CurrentTier t -> ids.addAll(t.tierIds());
            case Eligibility.AllOf all -> all.conditions().forEach(child -> collectTierIds(child, ids));
            case Eligibility.AnyOf any -> any.conditions().forEach(child -> collectTierIds(child, ids));
            case Eligibility.Not not -> collectTierIds(not.condition(), ids);
            case Eligibility.CustomerTags t -> { }
            case Eligibility.MinimumOrderAmount m -> { }
            case Eligibility.Unset u -> { }
        }
    }

    static void validateMilestones(Metric metric, List<MilestoneStep> milestones, Violations v) {
        if (milestones.isEmpty()) {
            v.add("milestones", "needs at least one milestone");
            return;
        }
        String percentageRefusal = metric == null || metric.hasOrder() ? null
                : "a percentage needs an order; " + metric + " programs have none: use a fixed amount";
        long previous = 0;
        for (int i = 0; i < milestones.size(); i++) {
            MilestoneStep m = milestones.get(i);
            Violations at = v.at("milestones", i);
            // a target is positive by the contract; here it is set against the others and the metric
            if (i > 0 && m.target() <= previous) {
                at.add("target", "must be greater than the previous milestone's target " + previous);
            } else if (metric == Metric.INACTIVITY_DAYS && m.target() > MAX_INACTIVITY_DAYS) {
                at.add("target", "must be at most " + MAX_INACTIVITY_DAYS + " days (100 years) for INACTIVITY_DAYS"
                        + " (L-TRACK-14)");
            }
            previous = Math.max(previous, m.target());
            RewardRules.validate(m.reward(), percentageRefusal, at.nested("reward"));
        }
    }

    /**
     * Walks a condition tree once, recording what the contract cannot say of one node (R-PROG-5):
     * the tree's depth and size, and which nodes the metric allows; tier ids are checked in store.
     */
    private static final class ConditionCheck {
        private final Metric metric;
        private int nodes;
        private boolean tooMany;

        ConditionCheck(Metric metric) {
            this.metric = metric;
        }

        void check(Eligibility c, int depth, Violations v) {
            if (++nodes > MAX_CONDITION_NODES) {
                if (!tooMany) {
                    v.add("", "has more than " + MAX_CONDITION_NODES + " nodes in the whole condition");
                    tooMany = true;
                }
                return;
            }
            if (depth > MAX_CONDITION_DEPTH) {
                v.add("", "nests deeper than " + MAX_CONDITION_DEPTH + " levels");
                return;
            }
            switch (c) {
                // the contract requires a node kind, a tag match, 1..100 tags, 1..50 tier ids, an amount
                case Eligibility.Unset u -> { }
                case Eligibility.CustomerTags t -> { }
                case Eligibility.CurrentTier t -> { }
                case Eligibility.MinimumOrderAmount m -> {
                    Violations min = v.nested("minimum_order_amount");
                    if (metric != null && !metric.hasOrder()) {
                        min.add("", "applies to orders; " + metric + " programs count no orders");
                    }
                    if (m.amount() != null) { // required by the contract
                        RewardRules.validatePositiveMoney(m.amount(), min.nested("amount"));
                    }
                }
                case Eligibility.AllOf all -> children(all.conditions(), depth, v.nested("all_of"));
                case Eligibility.AnyOf any -> children(any.conditions(), depth, v.nested("any_of"));
                case Eligibility.Not not -> check(not.condition(), depth + 1, v.nested("not"));
            }
        }

        private void children(List<Eligibility> children, int depth, Violations v) {
            // 1..20 children: the contract's
            for (int i = 0; i < children.size(); i++) {
                check(children.get(i), depth + 1, v.at("conditions", i));
            }
        }
    }

    /** Version 1 of a new program: always a DRAFT (R-PROG-1). */
    public static MilestoneProgramVersion create(MilestoneProgramVersion candidate, String programId, String storeId, Instant now) {
        return new MilestoneProgramVersion(programId, storeId, candidate.internalName(), candidate.title(),
                ProgramStatus.DRAFT, candidate.schedule(), candidate.metric(), candidate.condition(),
                candidate.milestones(), candidate.pointsExpiry(), candidate.refundPolicy(), 1, now, now);
    }

    /** R-PROG-9: a change is based on the version it names; anything else is a conflict. */
    public static void requireVersion(MilestoneProgramVersion current, long expectedVersion) {
        if (current.version() != expectedVersion) {
            throw new ConflictException(RESOURCE, current.programId(), expectedVersion, current.version());
        }
    }

    /**
     * R-PROG-9: the next version with {@code candidate}'s settable values; the status is kept. An
     * archived program is read-only, and the metric is fixed once the program has been activated.
     */
    public static MilestoneProgramVersion update(MilestoneProgramVersion current, MilestoneProgramVersion candidate, Instant now) {
        requireNotArchived(current);
        if (current.status() != ProgramStatus.DRAFT && candidate.metric() != null
                && candidate.metric() != current.metric()) {
            throw new FailedPreconditionException("METRIC_IMMUTABLE", "the metric of a program that has been "
                    + "activated cannot change (customers' progress is measured in it); create a new program");
        }
        return new MilestoneProgramVersion(current.programId(), current.storeId(), candidate.internalName(),
                candidate.title(), current.status(), candidate.schedule(), candidate.metric(), candidate.condition(),
                candidate.milestones(), candidate.pointsExpiry(), candidate.refundPolicy(), current.version() + 1,
                current.createTime(), now);
    }

    /** DRAFT or PAUSED → ACTIVE; ACTIVE stays as it is (no new version). */
    public static MilestoneProgramVersion activate(MilestoneProgramVersion current, Instant now) {
        requireNotArchived(current);
        if (current.status() == ProgramStatus.ACTIVE) {
            return current;
        }
        Instant end = current.schedule().end();
        if (end != null && !end.isAfter(now)) {
            throw new FailedPreconditionException("SCHEDULE_ENDED",
                    "the program's schedule ended at " + end + "; change the schedule first");
        }
        return current.withStatus(ProgramStatus.ACTIVE, now);
    }

    /** ACTIVE → PAUSED; PAUSED stays as it is. */
    public static MilestoneProgramVersion pause(MilestoneProgramVersion current, Instant now) {
        return switch (current.status()) {
            case ACTIVE -> current.withStatus(ProgramStatus.PAUSED, now);
            case PAUSED -> current;
            case DRAFT, ARCHIVED -> throw new FailedPreconditionException("PROGRAM_NOT_ACTIVE",
                    "only an active program can be paused; this one is " + current.status());
        };
    }

    /** Any status → ARCHIVED, final; ARCHIVED stays as it is. */
    public static MilestoneProgramVersion archive(MilestoneProgramVersion current, Instant now) {
        return current.status() == ProgramStatus.ARCHIVED ? current
                : current.withStatus(ProgramStatus.ARCHIVED, now);
    }

    /** An archived program is read-only. */
    public static void requireNotArchived(MilestoneProgramVersion current) {
        if (current.status() == ProgramStatus.ARCHIVED) {
            throw new FailedPreconditionException("PROGRAM_ARCHIVED", "the program is archived and read-only");
        }
    }
}
