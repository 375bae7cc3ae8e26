package io.laurel.progress.domain;

import static io.laurel.progress.domain.Catalogs.T0;
import static io.laurel.progress.domain.Catalogs.active;
import static io.laurel.progress.domain.Catalogs.catalog;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.progress.domain.ProgressView.State;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** R-PROG-TRACK-7: what the shopper sees of one program. */
class ProgressViewTest {

    @Test
    void r_prog_track_7_milestonesAreReachedNextOrLockedWithDistanceAndPercent() {
        ProgramVersion program = active("p", Metric.AMOUNT_SPENT, 1_000, 3_000, 6_000);
        TreeMap<Long, Instant> reached = new TreeMap<>();
        reached.put(1_000L, T0);
        ProgramProgress progress = new ProgramProgress("p", 2_000, null, reached, T0);

        ProgressView view = ProgressView.of(program, progress, null, T0, new ProgressEngine(catalog(program), T0));

        assertThat(view.currentValue()).isEqualTo(2_000);
        assertThat(view.milestones()).extracting(ProgressView.MilestoneView::state)
                .containsExactly(State.REACHED, State.NEXT, State.LOCKED);
        assertThat(view.milestones()).extracting(ProgressView.MilestoneView::distance).containsExactly(0L, 1_000L, 4_000L);
        assertThat(view.milestones()).extracting(ProgressView.MilestoneView::percentCompleteBps)
                .containsExactly(10_000, 6_666, 3_333);
        assertThat(view.nextTarget()).isEqualTo(3_000);
        assertThat(view.distanceToNext()).isEqualTo(1_000);
        assertThat(view.percentCompleteBps()).as("floor(2000 × 10000 / 3000)").isEqualTo(6_666);
        assertThat(view.milestones().get(0).reachedTime()).isEqualTo(T0);
    }

    @Test
    void r_prog_track_7_aReachedMilestoneStaysReachedWhenTheValueFallsBack_andAllReachedIsComplete() {
        ProgramVersion program = active("p", Metric.ORDER_COUNT, 1, 2);
        TreeMap<Long, Instant> reached = new TreeMap<>();
        reached.put(1L, T0);
        reached.put(2L, T0);
        ProgressView view = ProgressView.of(program, new ProgramProgress("p", 0, null, reached, T0), null, T0,
                new ProgressEngine(catalog(program), T0));
        assertThat(view.milestones()).extracting(ProgressView.MilestoneView::state).containsOnly(State.REACHED);
        assertThat(view.nextTarget()).isZero();
        assertThat(view.distanceToNext()).isZero();
        assertThat(view.percentCompleteBps()).isEqualTo(10_000);
    }

    @Test
    void r_prog_track_7_aCustomerNeverSeenHasZeroProgress() {
        ProgramVersion program = active("p", Metric.REVIEW_COUNT, 5);
        ProgressView view = ProgressView.of(program, null, null, T0, new ProgressEngine(catalog(program), T0));
        assertThat(view.currentValue()).isZero();
        assertThat(view.milestones()).extracting(ProgressView.MilestoneView::state).containsExactly(State.NEXT);
        assertThat(view.percentCompleteBps()).isZero();
    }

    @Test
    void inactivityValueIsTheDaysOfTheCurrentSpellAsOfNow() {
        ProgramVersion program = active("idle", Metric.INACTIVITY_DAYS, 10);
        Instant now = T0.plus(Duration.ofDays(4));
        ProgressView view = ProgressView.of(program, null, T0, now, new ProgressEngine(catalog(program), now));
        assertThat(view.currentValue()).isEqualTo(4);
        assertThat(view.spellStart()).isEqualTo(T0);
        assertThat(view.program().hiddenFromShoppers()).isTrue();
    }
}
