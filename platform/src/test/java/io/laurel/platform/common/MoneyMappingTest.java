package io.laurel.platform.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyMappingTest {

    @Test
    void moneyMapsBothWays() {
        Money money = new Money(-1250, "EUR");
        assertThat(MoneyMapping.toDomain(MoneyMapping.toProto(money))).isEqualTo(money);
        assertThat(MoneyMapping.toProto(money)).isEqualTo(io.laurel.proto.common.v1.Money.newBuilder()
                .setAmountMinor(-1250).setCurrencyCode("EUR").build());
    }

    @Test
    void r_store_3_onlyUpperCaseIso4217CodesAreCurrencies() {
        assertThat(Money.isIsoCurrency("USD")).isTrue();
        assertThat(Money.isIsoCurrency("JPY")).isTrue();
        assertThat(Money.isIsoCurrency("usd")).isFalse();
        assertThat(Money.isIsoCurrency("ZZZ")).isFalse();
        assertThat(Money.isIsoCurrency("DOLLARS")).isFalse();
        assertThat(Money.isIsoCurrency("")).isFalse();
        assertThat(Money.isIsoCurrency(null)).isFalse();
    }
}
