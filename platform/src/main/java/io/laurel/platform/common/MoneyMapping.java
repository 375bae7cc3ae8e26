package io.laurel.platform.common;

/** {@link Money} ↔ {@code laurel.common.v1.Money}. */
public final class MoneyMapping {

    private MoneyMapping() {
    }

    public static io.laurel.proto.common.v1.Money toProto(Money money) {
        return io.laurel.proto.common.v1.Money.newBuilder()
                .setAmountMinor(money.amountMinor()).setCurrencyCode(money.currencyCode()).build();
    }

    public static Money toDomain(io.laurel.proto.common.v1.Money money) {
        return new Money(money.getAmountMinor(), money.getCurrencyCode());
    }
}
