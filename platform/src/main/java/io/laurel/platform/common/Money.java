package io.laurel.platform.common;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/** An amount in integer minor units of one ISO 4217 currency ({@code laurel.common.v1.Money}, R-STORE-3). */
public record Money(long amountMinor, String currencyCode) {

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    /** An ISO 4217 code as written, in upper case (USD, not usd). */
    public static boolean isIsoCurrency(String code) {
        return code != null && CURRENCIES.contains(code);
    }
}
