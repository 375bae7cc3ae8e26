package io.laurel.progress.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamTallyTest {

    private static EventResult result(int index, EventOutcome outcome) {
        return new EventResult(index, "e" + index, outcome, List.of());
    }

    @Test
    void r_prog_track_2_countsEveryOutcomeAndKeepsOnlyTheNonAcceptedResults() {
        StreamTally tally = new StreamTally();
        tally.add(0, List.of(result(0, EventOutcome.ACCEPTED), result(1, EventOutcome.DUPLICATE)));
        tally.add(1, List.of(result(0, EventOutcome.REJECTED), result(1, EventOutcome.ACCEPTED)));

        assertThat(tally.accepted()).isEqualTo(2);
        assertThat(tally.duplicate()).isEqualTo(1);
        assertThat(tally.rejected()).isEqualTo(1);
        assertThat(tally.results()).extracting(StreamTally.StreamedResult::messageIndex).containsExactly(0, 1);
        assertThat(tally.results()).extracting(r -> r.result().outcome())
                .containsExactly(EventOutcome.DUPLICATE, EventOutcome.REJECTED);
        assertThat(tally.truncated()).isFalse();
    }

    @Test
    void resultsStopAtTenThousandButCountsGoOn() {
        StreamTally tally = new StreamTally();
        List<EventResult> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(result(i, EventOutcome.DUPLICATE));
        }
        for (int message = 0; message < 20; message++) {
            tally.add(message, batch);
        }
        assertThat(tally.results()).hasSize(StreamTally.MAX_RESULTS);
        assertThat(tally.truncated()).isFalse();

        tally.add(20, List.of(result(0, EventOutcome.REJECTED), result(1, EventOutcome.ACCEPTED)));
        assertThat(tally.results()).hasSize(StreamTally.MAX_RESULTS);
        assertThat(tally.truncated()).isTrue();
        assertThat(tally.duplicate()).isEqualTo(10_000);
        assertThat(tally.rejected()).isEqualTo(1);
        assertThat(tally.accepted()).isEqualTo(1);
    }
}
