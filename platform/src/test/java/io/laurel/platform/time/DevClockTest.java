package io.laurel.platform.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development clock: on only by its explicit setting, shared through one file, never moving back. */
class DevClockTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheSettingEveryServiceReadsTheSystemClock() {
        Clock clock = new ClockProducer().clock(Optional.empty(), null);

        assertThat(clock).isNotInstanceOf(DevClock.class).isEqualTo(Clock.systemUTC());
    }

    @Test
    void noDefaultConfigurationTurnsTheDevelopmentClockOn() throws IOException {
        Properties shared = new Properties();
        try (var in = ClockProducer.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shared.load(in);
        }
        assertThat(shared.stringPropertyNames()).noneMatch(name -> name.contains("dev-clock"));

        // every service's production configuration and the Helm chart, if present, leave it out too
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> configs;
        try (Stream<Path> files = Files.walk(root, 6)) {
            configs = files.filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.laurel/"))
                    .filter(p -> p.toString().contains("/src/main/resources/application.properties")
                            || (p.toString().contains("/helm/") && Files.isRegularFile(p)))
                    .toList();
        }
        assertThat(configs).isNotEmpty();
        for (Path config : configs) {
            String text = Files.readString(config);
            assertThat(text).as(config.toString()).doesNotContain("dev-clock").doesNotContain("DEV_CLOCK");
        }
    }

    @Test
    void theOffsetFileMovesTheClockAndTellsTheJobs() throws IOException {
        Path file = dir.resolve("clock");
        List<Duration> heard = new CopyOnWriteArrayList<>();
        DevClock clock = DevClock.following(file, heard::add);
        try {
            assertThat(clock.offset()).as("no file yet: real time").isZero();
            assertThat(Duration.between(Instant.now(), clock.instant()).abs()).isLessThan(Duration.ofSeconds(1));

            Files.writeString(file, "P1D\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> clock.offset().equals(Duration.ofDays(1)));

            assertThat(Duration.between(Instant.now(), clock.instant())).isBetween(Duration.ofHours(23), Duration.ofHours(25));
            assertThat(heard).containsExactly(Duration.ofDays(1));
        } finally {
            clock.close();
        }
    }

    @Test
    void aRestartedServiceComesBackAtTheMovedTimeAndTimeNeverMovesBack() throws IOException {
        Path file = dir.resolve("clock");
        Files.writeString(file, "P400D");
        DevClock restarted = DevClock.following(file, offset -> { });
        try {
            assertThat(restarted.offset()).isEqualTo(Duration.ofDays(400));

            Files.writeString(file, "P1D");
            restarted.refresh();

            assertThat(restarted.offset()).isEqualTo(Duration.ofDays(400));
        } finally {
            restarted.close();
        }
    }
}
