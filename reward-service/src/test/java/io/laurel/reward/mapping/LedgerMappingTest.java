package io.laurel.reward.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Actor;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.LotAllocation;
import io.laurel.reward.domain.PointsLot;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.reward.v1.LedgerEntryKind;
import io.laurel.proto.reward.v1.PointsLotState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerMappingTest {

    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    private static final Actor STAFF = new Actor(Actor.Kind.MERCHANT_STAFF, "jane", "Jane");

    @Test
    void everyEntryKindMapsBothWays() {
        for (LedgerEntry.Kind kind : LedgerEntry.Kind.values()) {
            assertThat(LedgerMapping.toDomain(LedgerMapping.toProto(kind))).isEqualTo(kind);
        }
        assertThat(LedgerMapping.toDomain(LedgerEntryKind.LEDGER_ENTRY_KIND_UNSPECIFIED)).isNull();
    }

    @Test
    void aDebitCarriesItsAllocationsAndNoLot() {
        LedgerEntry debit = new LedgerEntry("e1", "s", "c", 4, LedgerEntry.Kind.ADJUSTED, -30, 70, T, T, null, null,
                List.of(new LotAllocation("l1", 20), new LotAllocation(null, 10)), null, "why", STAFF);

        var proto = LedgerMapping.toProto(debit);

        assertThat(proto.getLotId()).isEmpty();
        assertThat(proto.hasExpiresAt()).isFalse();
        assertThat(proto.getAllocationsList()).extracting(a -> a.getLotId(), a -> a.getPoints())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("l1", 20L), org.assertj.core.groups.Tuple.tuple("", 10L));
        assertThat(proto.getActor().getKind()).isEqualTo(ActorKind.ACTOR_KIND_MERCHANT_STAFF);
        assertThat(proto.getEffectiveTime()).isEqualTo(ProtoTime.toProto(T));
    }

    @Test
    void r_ledger_2_aLotPastItsExpiryIsReportedExpiredWithNothingRemaining() {
        PointsLot lot = new PointsLot("l", "c", "e", T, T.plusSeconds(60), 100, 40, 0, false);

        assertThat(LedgerMapping.toProto(lot, T).getState()).isEqualTo(PointsLotState.POINTS_LOT_STATE_OPEN);
        assertThat(LedgerMapping.toProto(lot, T).getRemainingPoints()).isEqualTo(40);
        assertThat(LedgerMapping.toProto(lot, T.plusSeconds(60)).getState()).isEqualTo(PointsLotState.POINTS_LOT_STATE_EXPIRED);
        assertThat(LedgerMapping.toProto(lot, T.plusSeconds(60)).getRemainingPoints()).isZero();
        assertThat(LedgerMapping.toProto(lot.consume(40), T).getState()).isEqualTo(PointsLotState.POINTS_LOT_STATE_DEPLETED);
    }
}
