package io.laurel.progress.domain;

import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store's configuration as progress-service holds it: every version of its settings and of each
 * milestone program. Events are judged by the version in effect at their occurred_at (R-PROG-8).
 */
public final class StoreCatalog {

    private final List<StoreSettingsVersion> settings;
    private final Map<String, List<ProgramVersion>> programs;

    public StoreCatalog(List<StoreSettingsVersion> settings, List<ProgramVersion> programVersions) {
        this.settings = settings.stream().sorted(Comparator.comparingLong(StoreSettingsVersion::version)).toList();
        Map<String, List<ProgramVersion>> byProgram = new LinkedHashMap<>();
        programVersions.stream()
                .sorted(Comparator.comparing(ProgramVersion::createTime).thenComparing(ProgramVersion::programId)
                        .thenComparingLong(ProgramVersion::version))
                .forEach(v -> byProgram.computeIfAbsent(v.programId(), id -> new ArrayList<>()).add(v));
        this.programs = byProgram;
    }

    public static StoreCatalog empty() {
        return new StoreCatalog(List.of(), List.of());
    }

    /** The settings in effect at {@code at}; the first version for instants before it. */
    public Optional<StoreSettingsVersion> settingsAt(Instant at) {
        StoreSettingsVersion found = null;
        for (StoreSettingsVersion s : settings) {
            if (found == null || !s.effectiveFrom().isAfter(at)) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The store currency (it never changes); empty when the store has no settings yet. */
    public Optional<String> currency() {
        return settings.isEmpty() ? Optional.empty() : Optional.of(settings.get(0).currency());
    }

    public ZoneId zoneAt(Instant at) {
        return settingsAt(at).map(StoreSettingsVersion::zone).orElse(ZoneOffset.UTC);
    }

    /** STORE_DEFAULT resolved with the settings in effect at {@code at}; NEVER if the store has none. */
    public ExpiryPolicy resolveExpiry(ExpiryPolicy policy, Instant at) {
        ExpiryPolicy storeDefault = settingsAt(at).map(StoreSettingsVersion::defaultExpiry).orElse(ExpiryPolicy.never());
        return ExpiryPolicy.resolve(policy, storeDefault);
    }

    /** The version of a program in effect at {@code at}: the last one stored at or before it. */
    public Optional<ProgramVersion> versionAt(String programId, Instant at) {
        ProgramVersion found = null;
        for (ProgramVersion v : programs.getOrDefault(programId, List.of())) {
            if (!v.effectiveFrom().isAfter(at)) {
                found = v;
            }
        }
        return Optional.ofNullable(found);
    }

    public Optional<ProgramVersion> latest(String programId) {
        List<ProgramVersion> versions = programs.get(programId);
        return versions == null ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The latest version of every program, by create time. */
    public List<ProgramVersion> latestVersions() {
        return programs.values().stream().map(v -> v.get(v.size() - 1)).toList();
    }

    /** The versions counting events that occurred at {@code at} (R-PROG-8), one per program. */
    public List<ProgramVersion> countingAt(Instant at) {
        List<ProgramVersion> counting = new ArrayList<>();
        for (String programId : programs.keySet()) {
            versionAt(programId, at).filter(v -> v.countsAt(at)).ifPresent(counting::add);
        }
        return counting;
    }

    /** Every version of a program, oldest first. */
    public List<ProgramVersion> versions(String programId) {
        return List.copyOf(programs.getOrDefault(programId, List.of()));
    }

    public boolean hasPrograms() {
        return !programs.isEmpty();
    }
}
