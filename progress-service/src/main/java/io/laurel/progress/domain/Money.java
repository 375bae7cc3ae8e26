package io.laurel.progress.domain;

/** An amount in integer minor units of one ISO 4217 currency (R-STORE-3). */
public record Money(long amountMinor, String currencyCode) {
}
