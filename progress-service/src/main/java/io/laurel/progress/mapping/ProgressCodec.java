package io.laurel.progress.mapping;

import io.laurel.progress.domain.CustomerState;
import io.laurel.progress.domain.ProgramProgress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Compact text forms of progress: the reached milestones as stored in {@code program_progress.reached}
 * ({@code target@epochMicros,...}), and a customer's whole progress as cached in Redis.
 */
public final class ProgressCodec {

    private static final String VERSION = "p1";

    private ProgressCodec() {
    }

    /** A customer's progress as the view needs it. */
    public record CachedProgress(long revision, Instant lastActivity, List<ProgramProgress> programs) {
        public CachedProgress {
            programs = List.copyOf(programs);
        }

        public static CachedProgress of(CustomerState state, long revision) {
            return new CachedProgress(revision, state.lastActivity(), new ArrayList<>(state.programs().values()));
        }
    }

    public static String reached(NavigableMap<Long, Instant> reached) {
        StringBuilder s = new StringBuilder();
        reached.forEach((target, at) -> {
            if (!s.isEmpty()) {
                s.append(',');
            }
            s.append(target).append('@').append(micros(at));
        });
        return s.toString();
    }

    public static NavigableMap<Long, Instant> reached(String text) {
        NavigableMap<Long, Instant> reached = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return reached;
        }
        for (String item : text.split(",")) {
            int at = item.indexOf('@');
            reached.put(Long.parseLong(item.substring(0, at)), instant(Long.parseLong(item.substring(at + 1))));
        }
        return reached;
    }

    public static String encode(CachedProgress progress) {
        StringBuilder s = new StringBuilder(VERSION).append('\t').append(progress.revision()).append('\t')
                .append(nullableMicros(progress.lastActivity()));
        for (ProgramProgress p : progress.programs()) {
            s.append('\n').append(p.programId()).append('\t').append(p.value()).append('\t')
                    .append(nullableMicros(p.spellStart())).append('\t').append(nullableMicros(p.lastEventAt()))
                    .append('\t').append(reached(p.reached()));
        }
        return s.toString();
    }

    /** null when {@code text} is not an entry of this format (an old format is a cache miss). */
    public static CachedProgress decode(String text) {
        String[] lines = text.split("\n");
        String[] head = lines[0].split("\t", -1);
        if (head.length != 3 || !head[0].equals(VERSION)) {
            return null;
        }
        List<ProgramProgress> programs = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            programs.add(new ProgramProgress(f[0], Long.parseLong(f[1]), nullableInstant(f[2]), reached(f[4]),
                    nullableInstant(f[3])));
        }
        return new CachedProgress(Long.parseLong(head[1]), nullableInstant(head[2]), programs);
    }

    public static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    public static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static String nullableMicros(Instant at) {
        return at == null ? "-" : Long.toString(micros(at));
    }

    private static Instant nullableInstant(String text) {
        return text.equals("-") ? null : instant(Long.parseLong(text));
    }
}
