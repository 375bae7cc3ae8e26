package io.laurel.reward.mapping;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.PointsEarned;
import io.laurel.proto.progress.v1.PointsReversalReason;
import io.laurel.proto.progress.v1.PointsReversed;
import io.laurel.proto.progress.v1.PointsSource;

/**
 * The points-earned metric's input (progress_service.proto, customer_event.proto): a credit becomes
 * a PointsEarned event, a debit that takes earned points back a PointsReversed one. The event id
 * and the request id are {@code ledger:<entry id>}, so a redelivery is a duplicate at progress.
 */
public final class ProgressEventMapping {

    public static final String DESTINATION = "progress";

    private ProgressEventMapping() {
    }

    public static String key(LedgerEntry entry) {
        return "ledger:" + entry.entryId();
    }

    /** The IngestEvents request announcing a manual adjustment (ADJUSTED entry). */
    public static IngestEventsRequest manualAdjustment(LedgerEntry entry) {
        CustomerEvent.Builder event = CustomerEvent.newBuilder()
                .setEventId(key(entry))
                .setStoreId(entry.storeId())
                .setCustomerId(entry.customerId())
                .setOccurredAt(ProtoTime.toProto(entry.effectiveTime()));
        if (entry.pointsDelta() > 0) {
            event.setPointsEarned(PointsEarned.newBuilder()
                    .setLedgerEntryId(entry.entryId())
                    .setPoints(entry.pointsDelta())
                    .setSource(PointsSource.POINTS_SOURCE_MANUAL));
        } else {
            event.setPointsReversed(PointsReversed.newBuilder()
                    .setLedgerEntryId(entry.entryId())
                    .setPoints(-entry.pointsDelta())
                    .setReason(PointsReversalReason.POINTS_REVERSAL_REASON_MANUAL_DEDUCTION));
        }
        return IngestEventsRequest.newBuilder()
                .setRequestId(key(entry))
                .setStoreId(entry.storeId())
                .addEvents(event)
                .build();
    }
}
