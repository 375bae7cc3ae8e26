package io.laurel.progress.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.progress.domain.ProgramProgress;
import io.laurel.progress.mapping.ProgressCodec.CachedProgress;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProgressCodecTest {

    @Test
    void aCachedProgressSurvivesTheRoundTrip() {
        TreeMap<Long, Instant> reached = new TreeMap<>();
        reached.put(5L, Instant.parse("2026-06-01T10:00:00.123456Z"));
        reached.put(10L, Instant.parse("2026-06-02T10:00:00Z"));
        CachedProgress progress = new CachedProgress(42, Instant.parse("2026-05-01T00:00:00Z"), List.of(
                new ProgramProgress("p-1", 12, null, reached, Instant.parse("2026-06-02T10:00:00Z")),
                new ProgramProgress("p-2", 0, Instant.parse("2026-05-01T00:00:00Z"), new TreeMap<>(), null)));

        CachedProgress back = ProgressCodec.decode(ProgressCodec.encode(progress));

        assertThat(back.revision()).isEqualTo(42);
        assertThat(back.lastActivity()).isEqualTo(progress.lastActivity());
        assertThat(back.programs()).hasSize(2);
        assertThat(back.programs().get(0).reached()).isEqualTo(reached);
        assertThat(back.programs().get(0).value()).isEqualTo(12);
        assertThat(back.programs().get(1).spellStart()).isEqualTo(progress.lastActivity());
        assertThat(back.programs().get(1).lastEventAt()).isNull();
    }

    @Test
    void anEntryOfAnotherFormatIsAMiss() {
        assertThat(ProgressCodec.decode("p0\t1\t-")).isNull();
    }
}
