package io.laurel.progress.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The running answer of an event stream: counts of every outcome, and the results of the
 * DUPLICATE and REJECTED events (accepted ones are implied), kept up to {@link #MAX_RESULTS}.
 * Not thread-safe: a stream's messages are handled one after the other.
 */
public final class StreamTally {

    /** Most results a stream's answer carries. */
    public static final int MAX_RESULTS = 10_000;

    /** A result and the index of the stream message that carried its event. */
    public record StreamedResult(int messageIndex, EventResult result) {
    }

    private long accepted;
    private long duplicate;
    private long rejected;
    private boolean truncated;
    private final List<StreamedResult> results = new ArrayList<>();

    public void add(int messageIndex, List<EventResult> messageResults) {
        for (EventResult r : messageResults) {
            switch (r.outcome()) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicate++;
                case REJECTED -> rejected++;
            }
            if (r.outcome() != EventOutcome.ACCEPTED) {
                if (results.size() < MAX_RESULTS) {
                    results.add(new StreamedResult(messageIndex, r));
                } else {
                    truncated = true;
                }
            }
        }
    }

    public long accepted() {
        return accepted;
    }

    public long duplicate() {
        return duplicate;
    }

    public long rejected() {
        return rejected;
    }

    public boolean truncated() {
        return truncated;
    }

    public List<StreamedResult> results() {
        return List.copyOf(results);
    }
}
