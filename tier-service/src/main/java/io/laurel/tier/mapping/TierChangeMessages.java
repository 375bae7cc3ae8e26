package io.laurel.tier.mapping;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.CustomerTierChanged;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.tier.domain.TierChange;

/**
 * What other services are told of an effective tier change (docs/architecture.md, "What crosses
 * between services"). The change id is the request id, the business key and the progress event id,
 * so every redelivery is recognised downstream.
 */
public final class TierChangeMessages {

    private TierChangeMessages() {
    }

    /** reward.v1 EarningService.RecordTierChange: the multiplier from the change's effective time. */
    public static RecordTierChangeRequest recordTierChange(TierChange c, int earningMultiplierBps) {
        return RecordTierChangeRequest.newBuilder()
                .setRequestId(c.changeId())
                .setStoreId(c.storeId())
                .setCustomerId(c.customerId())
                .setChangeId(c.changeId())
                .setTierProgramId(c.tierProgramId())
                .setTierId(c.toTierId() == null ? "" : c.toTierId())
                .setEarningMultiplierBps(earningMultiplierBps)
                .setEffectiveTime(ProtoTime.toProto(c.effectiveTime()))
                .build();
    }

    /** progress.v1 ProgressService.IngestEvents with one CustomerTierChanged (tier conditions). */
    public static IngestEventsRequest customerTierChanged(TierChange c) {
        return IngestEventsRequest.newBuilder()
                .setRequestId(c.changeId())
                .setStoreId(c.storeId())
                .addEvents(CustomerEvent.newBuilder()
                        .setEventId(c.changeId())
                        .setStoreId(c.storeId())
                        .setCustomerId(c.customerId())
                        .setOccurredAt(ProtoTime.toProto(c.effectiveTime()))
                        .setCustomerTierChanged(CustomerTierChanged.newBuilder()
                                .setTierProgramId(c.tierProgramId())
                                .setTierId(c.toTierId() == null ? "" : c.toTierId())))
                .build();
    }
}
