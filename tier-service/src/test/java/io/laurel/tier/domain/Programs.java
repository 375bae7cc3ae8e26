package io.laurel.tier.domain;

import java.time.Instant;
import java.util.List;

/** Tier programs for domain tests. */
final class Programs {

    static final Instant UPDATED = Instant.parse("2026-01-01T00:00:00Z");

    private Programs() {
    }

    static TierDefinition tier(String id, long threshold, int multiplierBps, String... benefits) {
        return new TierDefinition(id, id.substring(0, 1).toUpperCase() + id.substring(1), threshold, "", 0,
                multiplierBps, List.of(benefits));
    }

    /** Points, lifetime: silver 1000 (1.25×), gold 5000 (1.5×), platinum 20000 (2×). */
    static TierProgram points() {
        return new TierProgram("prog-1", "store-1", 3, TierProgram.Status.ACTIVE, TierProgram.Criterion.POINTS_EARNED,
                TierProgram.Window.LIFETIME, List.of(tier("silver", 1000, 12_500), tier("gold", 5000, 15_000,
                "Free shipping"), tier("platinum", 20_000, 20_000, "Free shipping", "Early access")), UPDATED);
    }

    /** Like {@link #points()} with a 0-threshold bronze tier below silver. */
    static TierProgram pointsWithBronze() {
        TierProgram p = points();
        List<TierDefinition> tiers = new java.util.ArrayList<>(List.of(tier("bronze", 0, 10_000)));
        tiers.addAll(p.tiers());
        return new TierProgram(p.tierProgramId(), p.storeId(), p.version(), p.status(), p.criterion(), p.window(),
                tiers, UPDATED);
    }

    static TierProgram tags() {
        return new TierProgram("prog-tags", "store-1", 1, TierProgram.Status.ACTIVE,
                TierProgram.Criterion.CUSTOMER_TAG, TierProgram.Window.NONE,
                List.of(new TierDefinition("vip", "VIP", 0, "vip", 1, 15_000, List.of()),
                        new TierDefinition("vvip", "VVIP", 0, "vvip", 2, 20_000, List.of())), UPDATED);
    }

    /** A customer of {@link #points()} whose computed tier is {@code computed} (null = none) since {@code since}. */
    static CustomerTierState computed(String computed, long value, Instant since) {
        return new CustomerTierState("store-1", "cust-1", "prog-1", computed, TierSource.COMPUTED,
                computed == null ? null : since, value, null, null, null, computed == null ? null : since, null);
    }

    /** Amount spent under {@code window}: silver 1000, gold 5000, platinum 20000 (minor units); gold has an entry reward. */
    static TierProgram spent(TierProgram.Window window) {
        return new TierProgram("prog-1", "store-1", 3, TierProgram.Status.ACTIVE, TierProgram.Criterion.AMOUNT_SPENT,
                window, List.of(tier("silver", 1000, 12_500),
                new TierDefinition("gold", "Gold", 5000, "", 0, 15_000, List.of(), true),
                new TierDefinition("platinum", "Platinum", 20_000, "", 0, 20_000, List.of(), true)), UPDATED);
    }

    /** A fresh customer of {@code program}. */
    static CustomerTierState fresh(TierProgram program) {
        return CustomerTierState.withoutActivity("store-1", "cust-1", program, null);
    }
}
