package io.laurel.devstack;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.List;
import java.util.Random;

/**
 * Random requests for any message type, read from its descriptor: valid-shaped values most of the time, hostile ones
 * often (NUL and other control characters, lone surrogates, huge strings, extreme numbers and timestamps, unknown
 * enum values, long repetition). Deterministic for a given {@link Random}.
 */
public final class HostileMessages {

    /** Strings that look like what a client sends, and strings no client should. */
    static final List<String> STRINGS = List.of("store-1", "cust-1", "USD", "EUR", "Europe/Paris", "gid://shop/Order/7",
            "", " ", "a\u0000b", "\u0000", "tab\there", "\u0007bell", "\uD800lone", "\uDFFF", "caf\u00e9 \uD83D\uDE00",
            "'; DROP TABLE x; --", "%s%n", "../../etc/passwd", "x".repeat(129), "y".repeat(5_000));

    static final List<Long> NUMBERS = List.of(0L, 1L, -1L, 2L, 100L, 10_000L, 1_000_000L, Long.MAX_VALUE,
            Long.MIN_VALUE, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, 253_402_300_799L, -62_135_596_800L);

    private final Random random;
    private final int maxDepth;

    public HostileMessages(Random random, int maxDepth) {
        this.random = random;
        this.maxDepth = maxDepth;
    }

    /** The largest message made: under every service's inbound limit, so each reaches the service's own code. */
    public static final int MAX_SIZE = 2 << 20;

    public DynamicMessage next(Descriptor type) {
        for (int attempt = 0; attempt < 10; attempt++) {
            DynamicMessage message = message(type, 0);
            if (message.getSerializedSize() <= MAX_SIZE) {
                return message;
            }
        }
        return DynamicMessage.getDefaultInstance(type);
    }

    private DynamicMessage message(Descriptor type, int depth) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        if (type.getFullName().equals("google.protobuf.Timestamp") || type.getFullName().equals("google.protobuf.Duration")) {
            builder.setField(type.findFieldByName("seconds"), pick(NUMBERS));
            builder.setField(type.findFieldByName("nanos"), random.nextInt(10) == 0 ? -1 : random.nextInt(1_000_000_000));
            return builder.build();
        }
        for (OneofDescriptor oneof : type.getRealOneofs()) {
            if (random.nextInt(4) != 0) {
                FieldDescriptor chosen = oneof.getField(random.nextInt(oneof.getFieldCount()));
                set(builder, chosen, depth);
            }
        }
        for (FieldDescriptor field : type.getFields()) {
            if (field.getRealContainingOneof() != null || random.nextInt(3) == 0) {
                continue;
            }
            set(builder, field, depth);
        }
        return builder.build();
    }

    private void set(DynamicMessage.Builder builder, FieldDescriptor field, int depth) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= maxDepth) {
            return;
        }
        if (field.isRepeated()) {
            int count = switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> depth > 0 ? 5 : field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? 200 : 2_000; // long
                default -> 1 + random.nextInt(3);
            };
            for (int i = 0; i < count; i++) {
                builder.addRepeatedField(field, value(field, depth));
            }
        } else {
            builder.setField(field, value(field, depth));
        }
    }

    private Object value(FieldDescriptor field, int depth) {
        return switch (field.getJavaType()) {
            case STRING -> pick(STRINGS);
            case INT -> (int) (long) pick(NUMBERS);
            case LONG -> pick(NUMBERS);
            case FLOAT -> random.nextFloat();
            case DOUBLE -> random.nextDouble();
            case BOOLEAN -> random.nextBoolean();
            case BYTE_STRING -> ByteString.copyFrom(new byte[random.nextInt(3) == 0 ? 10_000 : 8]);
            case ENUM -> enumValue(field.getEnumType());
            case MESSAGE -> message(field.getMessageType(), depth + 1);
        };
    }

    private Object enumValue(EnumDescriptor type) {
        if (random.nextInt(5) == 0) {
            return type.findValueByNumberCreatingIfUnknown(900 + random.nextInt(100)); // unknown to the contract
        }
        return type.getValues().get(random.nextInt(type.getValues().size()));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
