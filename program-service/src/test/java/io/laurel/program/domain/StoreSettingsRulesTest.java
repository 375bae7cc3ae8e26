package io.laurel.program.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.Violations;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoreSettingsRulesTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private static StoreSettingsVersion settings(String currency, String zone, ExpiryPolicy expiry, long rate, long pointValue) {
        return new StoreSettingsVersion("store-1", currency, zone, expiry, rate, pointValue, 0, null, null);
    }

    private static java.util.List<String> violations(StoreSettingsVersion candidate) {
        Violations v = new Violations();
        StoreSettingsRules.validate(candidate, v);
        return v.list().stream().map(FieldViolation::field).toList();
    }

    @Test
    void r_store_2_validSettingsPass() {
        assertThat(violations(settings("USD", "America/New_York", ExpiryPolicy.afterDays(365), 1000, 1000))).isEmpty();
        assertThat(violations(settings("EUR", "Europe/Paris", ExpiryPolicy.never(), 0, 1))).as("rate may be 0").isEmpty();
        assertThat(violations(settings("JPY", "UTC", ExpiryPolicy.never(), 1500, 500))).isEmpty();
    }

    @Test
    void r_store_2_everyBadFieldIsNamed() {
        // the rates' ranges and the codes' lengths are the contract's (ProgramContractLimitsTest)
        assertThat(violations(settings("usd", "Mars/Olympus", new ExpiryPolicy(ExpiryPolicy.Kind.AFTER_DAYS, 0), 0, 0)))
                .containsExactly("currency_code", "time_zone", "default_points_expiry.days", "point_value_minor_milli");
        assertThat(violations(settings("XYZ", "", null, 0, 1)))
                .containsExactly("currency_code", "time_zone", "default_points_expiry.kind");
    }

    @Test
    void r_store_2_theStoreDefaultIsConcrete() {
        assertThat(violations(settings("USD", "UTC", new ExpiryPolicy(ExpiryPolicy.Kind.STORE_DEFAULT, 0), 0, 1)))
                .containsExactly("default_points_expiry.kind");
        assertThat(violations(settings("USD", "UTC", new ExpiryPolicy(ExpiryPolicy.Kind.NEVER, 5), 0, 1)))
                .containsExactly("default_points_expiry.days");
    }

    @Test
    void r_prog_9_everyChangeMakesANewVersionAndKeepsTheCreateTime() {
        StoreSettingsVersion first = StoreSettingsRules.nextVersion(null,
                settings("USD", "UTC", ExpiryPolicy.never(), 1000, 1000), T0);
        StoreSettingsVersion second = StoreSettingsRules.nextVersion(first,
                settings("USD", "Europe/Paris", ExpiryPolicy.afterDays(30), 2000, 1000), T0.plusSeconds(60));

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.createTime()).isEqualTo(T0);
        assertThat(second.updateTime()).isEqualTo(T0.plusSeconds(60));
        assertThat(second.timeZone()).isEqualTo("Europe/Paris");
    }

    @Test
    void l_store_1_theCurrencyIsFixedByTheFirstVersion() {
        StoreSettingsVersion first = StoreSettingsRules.nextVersion(null,
                settings("USD", "UTC", ExpiryPolicy.never(), 1000, 1000), T0);
        assertThatThrownBy(() -> StoreSettingsRules.nextVersion(first,
                settings("EUR", "UTC", ExpiryPolicy.never(), 1000, 1000), T0))
                .isInstanceOfSatisfying(FailedPreconditionException.class,
                        e -> assertThat(e.reason()).isEqualTo("CURRENCY_IMMUTABLE"));
    }
}
