package io.laurel.reward.mapping;

import io.laurel.reward.domain.LedgerEntry;

/**
 * Where and under which key points changes go to progress-service (built by
 * {@link PointsAnnouncements}): the event id and the request id are {@code ledger:<entry id>}, so a
 * redelivery is a duplicate at progress.
 */
public final class ProgressEventMapping {

    public static final String DESTINATION = "progress";

    private ProgressEventMapping() {
    }

    public static String key(LedgerEntry entry) {
        return "ledger:" + entry.entryId();
    }
}
