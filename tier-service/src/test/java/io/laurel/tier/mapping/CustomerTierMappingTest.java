package io.laurel.tier.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Actor;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.program.v1.TierWindow;
import io.laurel.tier.domain.TierChange;
import io.laurel.tier.domain.TierChangeCause;
import io.laurel.tier.domain.TierProgram;
import io.laurel.tier.domain.TierSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** proto ↔ domain conversions of tier-service. */
class CustomerTierMappingTest {

    private static final Instant AT = Instant.parse("2026-02-01T09:00:00.123456Z");

    @Test
    void everyCauseAndSourceHasItsProtoValue() {
        for (TierChangeCause cause : TierChangeCause.values()) {
            TierChange c = new TierChange("id", "s", "c", "p", null, "gold", cause, false, AT, AT, 0, null, null,
                    List.of(), TierChange.SYSTEM_ACTOR, null);
            assertThat(CustomerTierMapping.toProto(c).getCause().name()).isEqualTo("TIER_CHANGE_CAUSE_" + cause.name());
        }
        for (TierSource source : TierSource.values()) {
            assertThat(CustomerTierMapping.toDomain(CustomerTierMapping.toProto(source))).isEqualTo(source);
        }
        assertThat(CustomerTierMapping.toDomain(io.laurel.proto.tier.v1.TierSource.TIER_SOURCE_UNSPECIFIED)).isNull();
    }

    @Test
    void aChangeMapsNoTierToEmptyAndKeepsMicroseconds() {
        TierChange c = new TierChange("id-1", "s", "c", "p", null, "gold", TierChangeCause.MANUAL_ASSIGN, false, AT,
                AT, 5, "act", "order-1", List.of("silver", "gold"),
                new Actor(Actor.Kind.MERCHANT_STAFF, "staff", "Jane"), "why");

        io.laurel.proto.tier.v1.TierChange proto = CustomerTierMapping.toProto(c);

        assertThat(proto.getFromTierId()).isEmpty();
        assertThat(proto.getToTierId()).isEqualTo("gold");
        assertThat(proto.getEffectiveTime().getNanos()).isEqualTo(123_456_000);
        assertThat(proto.getEntryRewardedTierIdsList()).containsExactly("silver", "gold");
        assertThat(proto.getActor().getKind()).isEqualTo(ActorKind.ACTOR_KIND_MERCHANT_STAFF);
        assertThat(proto.getOrderId()).isEqualTo("order-1");
    }

    @Test
    void aTierProgramFromTheFeedKeepsItsTiersInOrderWithTheirPerks() {
        TierProgram p = TierProgramMapping.toDomain(io.laurel.proto.program.v1.TierProgram.newBuilder()
                .setTierProgramId("tp").setStoreId("s").setVersion(4)
                .setStatus(TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE)
                .setCriterion(TierCriterion.TIER_CRITERION_AMOUNT_SPENT)
                .setWindow(TierWindow.TIER_WINDOW_CALENDAR_YEAR)
                .addTiers(Tier.newBuilder().setTierId("silver").setName("Silver").setThreshold(10_000)
                        .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(12_500).addBenefits("Gift")))
                .addTiers(Tier.newBuilder().setTierId("gold").setName("Gold").setThreshold(50_000)
                        .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(15_000)))
                .build());

        assertThat(p.status()).isEqualTo(TierProgram.Status.ACTIVE);
        assertThat(p.criterion()).isEqualTo(TierProgram.Criterion.AMOUNT_SPENT);
        assertThat(p.window()).isEqualTo(TierProgram.Window.CALENDAR_YEAR);
        assertThat(p.tiers()).extracting(t -> t.tierId() + ":" + t.threshold() + ":" + t.earningMultiplierBps())
                .containsExactly("silver:10000:12500", "gold:50000:15000");
        assertThat(p.tier("silver").orElseThrow().benefits()).containsExactly("Gift");
        assertThat(p.computedSource()).isEqualTo(TierSource.COMPUTED);
    }
}
