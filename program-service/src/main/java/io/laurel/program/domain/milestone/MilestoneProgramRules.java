package io.laurel.program.domain.milestone;

import io.laurel.platform.error.ConflictException;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.Violations;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The rules of milestone programs (R-PROG-1..10): what a valid program is, and how create, update
 * and the status changes make the next version.
 */
public final class MilestoneProgramRules {

    public static final String RESOURCE = "milestone program";
    public static final int MAX_NAME = 200;
    /** R-PROG-3: "no small limit", capped high. */
    public static final int MAX_MILESTONES = 1000;
    public static final int MAX_CONDITION_DEPTH = 8;
    public static final int MAX_CONDITION_NODES = 100;
    public static final int MAX_CHILDREN = 20;
    public static final int MAX_TAGS = 100;
    public static final int MAX_TAG = 255;
    public static final int MAX_TIER_IDS = 50;

    private MilestoneProgramRules() {
    }

    /** The settable fields of a program, as named in requests and update masks. */
    public static final Set<String> FIELDS = Set.of("internal_name", "title", "schedule", "metric", "condition",
            "milestones", "points_expiry", "refund_policy");

    /**
     * Records every violation of the program's settable fields under {@code v} (which points at the
     * program in the request): {@link #validateShape} over every field, then {@link #validateInStore}.
     * {@code storeCurrency} is the store's; {@code knownTierIds} the tier ids of the store's current
     * tier program (empty when it has none).
     */
    public static void validate(MilestoneProgramVersion p, String storeCurrency, Set<String> knownTierIds, Violations v) {
        validateShape(p, FIELDS, v);
        validateInStore(p, storeCurrency, knownTierIds, v);
    }

    /**
     * R-PROG-10: every violation of the named {@code fields} that needs nothing stored, so a request
     * learns them together with its other bad fields before any transaction. Checks that depend on
     * the metric use it only when {@code metric} is among {@code fields} (an update may leave it to
     * the stored version, whose checks then run on the merged program).
     */
    public static void validateShape(MilestoneProgramVersion p, Set<String> fields, Violations v) {
        if (fields.contains("internal_name")) {
            v.require(RewardRules.isName(p.internalName(), MAX_NAME), "internal_name",
                    "is required: 1.." + MAX_NAME + " characters");
        }
        if (fields.contains("title")) {
            v.require(p.title().codePointCount(0, p.title().length()) <= MAX_NAME, "title",
                    "must be at most " + MAX_NAME + " characters");
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
        if (fields.contains("refund_policy")) {
            v.require(p.refundPolicy() != null, "refund_policy", "must be KEEP or CLAW_BACK_UNSPENT");
        }
        if (fields.contains("condition") && p.condition() != null) {
            new ConditionCheck(metric).check(p.condition(), 1, v.nested("condition"));
        }
    }

    /**
     * The checks that need the store's state: money in the store currency (R-STORE-3) and tier ids
     * of the store's current tier program (R-PROG-5). Well-formedness is {@link #validateShape}'s.
     */
    public static void validateInStore(MilestoneProgramVersion p, String storeCurrency, Set<String> knownTierIds,
                                       Violations v) {
        for (int i = 0; i < p.milestones().size() && i < MAX_MILESTONES; i++) {
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
                for (int i = 0; i < t.tierIds().size() && i < MAX_TIER_IDS; i++) {
                    v.nested("current_tier").require(knownTierIds.contains(t.tierIds().get(i)), "tier_ids[" + i + "]",
                            "is not a tier of the store's current tier program");
                }
            }
            case Eligibility.MinimumOrderAmount m -> RewardRules.requireStoreCurrency(m.amount(), storeCurrency,
                    v.nested("minimum_order_amount.amount"));
            case Eligibility.AllOf all -> {
                for (int i = 0; i < all.conditions().size() && i < MAX_CHILDREN; i++) {
                    inStore(all.conditions().get(i), depth + 1, storeCurrency, knownTierIds,
                            v.nested("all_of").at("conditions", i));
                }
            }
            case Eligibility.AnyOf any -> {
                for (int i = 0; i < any.conditions().size() && i < MAX_CHILDREN; i++) {
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
        if (milestones.size() > MAX_MILESTONES) {
            v.add("milestones", "has " + milestones.size() + " milestones; at most " + MAX_MILESTONES + " are allowed");
            return;
        }
        String percentageRefusal = metric == null || metric.hasOrder() ? null
                : "a percentage needs an order; " + metric + " programs have none: use a fixed amount";
        long previous = 0;
        for (int i = 0; i < milestones.size(); i++) {
            MilestoneStep m = milestones.get(i);
            Violations at = v.at("milestones", i);
            if (m.target() <= 0) {
                at.add("target", "must be positive");
            } else if (i > 0 && m.target() <= previous) {
                at.add("target", "must be greater than the previous milestone's target " + previous);
            } else if (metric == Metric.INACTIVITY_DAYS && m.target() > 36_500) {
                at.add("target", "must be at most 36500 days (100 years) for INACTIVITY_DAYS (L-TRACK-14)");
            }
            previous = Math.max(previous, m.target());
            RewardRules.validate(m.reward(), percentageRefusal, at.nested("reward"));
        }
    }

    /** Walks a condition tree once, recording every malformed node (R-PROG-5); tier ids are checked in store. */
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
                case Eligibility.Unset u -> v.add("", "must set one of customer_tags, current_tier, "
                        + "minimum_order_amount, all_of, any_of, not");
                case Eligibility.CustomerTags t -> {
                    Violations tags = v.nested("customer_tags");
                    tags.require(t.match() != null, "match", "is required: ANY, ALL or NONE");
                    if (t.tags().isEmpty() || t.tags().size() > MAX_TAGS) {
                        tags.add("tags", "needs 1.." + MAX_TAGS + " tags");
                    }
                    for (int i = 0; i < t.tags().size() && i < MAX_TAGS; i++) {
                        String tag = t.tags().get(i);
                        tags.require(!tag.isEmpty() && tag.codePointCount(0, tag.length()) <= MAX_TAG, "tags[" + i + "]",
                                "must be 1.." + MAX_TAG + " characters");
                    }
                }
                case Eligibility.CurrentTier t -> {
                    Violations tier = v.nested("current_tier");
                    if (t.tierIds().isEmpty() || t.tierIds().size() > MAX_TIER_IDS) {
                        tier.add("tier_ids", "needs 1.." + MAX_TIER_IDS + " tier ids");
                    }
                }
                case Eligibility.MinimumOrderAmount m -> {
                    Violations min = v.nested("minimum_order_amount");
                    if (metric != null && !metric.hasOrder()) {
                        min.add("", "applies to orders; " + metric + " programs count no orders");
                    }
                    RewardRules.validatePositiveMoney(m.amount(), min.nested("amount"));
                }
                case Eligibility.AllOf all -> children(all.conditions(), depth, v.nested("all_of"));
                case Eligibility.AnyOf any -> children(any.conditions(), depth, v.nested("any_of"));
                case Eligibility.Not not -> check(not.condition(), depth + 1, v.nested("not"));
            }
        }

        private void children(List<Eligibility> children, int depth, Violations v) {
            if (children.isEmpty() || children.size() > MAX_CHILDREN) {
                v.add("conditions", "needs 1.." + MAX_CHILDREN + " conditions");
            }
            for (int i = 0; i < children.size() && i < MAX_CHILDREN; i++) {
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
