package io.laurel.reward.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class PointsExpiryTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static Instant local(String dateTime, ZoneId zone) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(dateTime), zone).toInstant();
    }

    @Test
    void r_prog_6_earnedOn25OctoberWithTenDaysExpiresAtTheEndOf4NovemberAcrossTheDstChange() {
        // 25 Oct 2026 is the day Paris leaves summer time (03:00 CEST → 02:00 CET)
        Instant earned = local("2026-10-25T10:00", PARIS);
        assertThat(earned).isEqualTo(Instant.parse("2026-10-25T09:00:00Z"));

        Instant expires = PointsExpiry.expiresAt(earned, ExpiryPolicy.afterDays(10), PARIS);

        assertThat(expires).isEqualTo(local("2026-11-05T00:00", PARIS)).isEqualTo(Instant.parse("2026-11-04T23:00:00Z"));
        assertThat(PointsExpiry.isExpired(expires, local("2026-11-04T23:59:59.999999", PARIS))).isFalse();
        assertThat(PointsExpiry.isExpired(expires, local("2026-11-05T00:00", PARIS))).isTrue();
    }

    @Test
    void r_prog_6_aLotEarnedInSummerTimeEndsAtLocalMidnightInWinterTime() {
        Instant earned = local("2026-10-20T10:00", PARIS);  // 08:00Z, CEST

        assertThat(PointsExpiry.expiresAt(earned, ExpiryPolicy.afterDays(10), PARIS))
                .isEqualTo(Instant.parse("2026-10-30T23:00:00Z"));  // 31 Oct 00:00 CET
    }

    @Test
    void r_prog_6_theSpringChangeIsCountedInCalendarDaysToo() {
        ZoneId newYork = ZoneId.of("America/New_York");  // summer time starts 8 Mar 2026
        Instant earned = local("2026-03-01T12:00", newYork);

        assertThat(PointsExpiry.expiresAt(earned, ExpiryPolicy.afterDays(7), newYork))
                .isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));  // 9 Mar 00:00 EDT
    }

    @Test
    void r_prog_6_theDayOfEarningIsTheLocalDayNotTheUtcOne() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Instant earned = Instant.parse("2026-03-10T23:30:00Z");  // already 11 Mar 08:30 in Tokyo

        assertThat(PointsExpiry.expiresAt(earned, ExpiryPolicy.afterDays(1), tokyo))
                .isEqualTo(local("2026-03-13T00:00", tokyo));
    }

    @Test
    void r_prog_6_neverMeansNoExpiry() {
        assertThat(PointsExpiry.expiresAt(Instant.parse("2026-01-01T00:00:00Z"), ExpiryPolicy.never(), PARIS)).isNull();
        assertThat(PointsExpiry.isExpired(null, Instant.MAX)).isFalse();
    }
}
