package io.laurel.platform.grpc;

import build.buf.protovalidate.Config;
import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.exceptions.CompilationException;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import build.buf.validate.RepeatedRules;
import build.buf.validate.ValidateProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.laurel.platform.error.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shape a request must have before any service code sees it, stated once for every RPC of every service:
 * <ul>
 *   <li>the contracts' {@code buf.validate} rules (ids, ranges, sizes …), checked by protovalidate;</li>
 *   <li>two rules of the wire itself, checked on every field of every message: no string carries a control
 *       character other than tab, line feed and carriage return (Postgres cannot store NUL, and no Laurel text
 *       needs the others), and every {@code Timestamp} lies within 0001-01-01 … 9999-12-31 with nanos in range
 *       (the conventions' Time section).</li>
 * </ul>
 * Every violation is reported, each with the field path the services use ({@code events[3].occurred_at}).
 */
public final class RequestShape {

    static final String CONTROL_CHARACTER = "must not contain control characters (NUL, U+0001–U+001F other than tab and"
            + " line breaks, U+007F)";
    static final String TIMESTAMP_RANGE = "must be a valid instant between 0001-01-01 and 9999-12-31 (UTC)";
    /** The rule of a {@link Fault} found by the wire check for control characters. */
    public static final String CONTROL_CHARACTER_RULE = "laurel.no_control_characters";
    /** The rule of a {@link Fault} found by the wire check for a Timestamp's range. */
    public static final String TIMESTAMP_RANGE_RULE = "laurel.timestamp_range";

    /**
     * One shape fault: the field's path, what is wrong for a person, and the rule it breaks — protovalidate's rule id
     * ({@code required}, {@code int64.gt}, {@code string.max_len}, {@code laurel.id} …) or one of the wire rules
     * ({@link #CONTROL_CHARACTER_RULE}, {@link #TIMESTAMP_RANGE_RULE}) — for callers that answer with a reason code.
     */
    public record Fault(String field, String description, String rule) {
        public FieldViolation violation() {
            return new FieldViolation(field, description);
        }
    }

    /**
     * protovalidate's standard rules ({@code string.max_len}, {@code int64.gt} …) evaluated in Java rather than as CEL
     * expressions: the same answers (protovalidate's conformance suite passes either way) for a fraction of the time,
     * on every call of every service. Laurel's own rules ({@code laurel.id} …) stay CEL.
     */
    private static final Config CONFIG = Config.newBuilder().setEnableNativeRules(true).build();

    private final Validator validator;

    public RequestShape() {
        this.validator = ValidatorFactory.newBuilder().withConfig(CONFIG).build();
    }

    /**
     * A shape whose contract rules for {@code types} (and every message they contain) are compiled now rather than on
     * first use: compiling a request type's CEL rules takes from tens of milliseconds to seconds, which on first use
     * would be spent on an event loop, holding up every call it serves. Types not named are still compiled on first
     * use.
     */
    public RequestShape(List<Descriptor> types) {
        try {
            this.validator = ValidatorFactory.newBuilder().withConfig(CONFIG).buildWithDescriptors(types, false);
        } catch (CompilationException e) {
            throw new IllegalStateException("the contracts' rules do not compile: " + e.getMessage(), e);
        }
    }

    /** Every way {@code request} breaks the shape rules; empty when it has none. */
    public List<FieldViolation> violations(Message request) {
        return faults(request).stream().map(Fault::violation).toList();
    }

    /** Every way {@code request} breaks the shape rules, each with the rule it breaks; empty when it has none. */
    public List<Fault> faults(Message request) {
        List<Fault> found = new ArrayList<>();
        wire(request, "", found);
        if (!found.isEmpty()) {
            // the contract's rules may read the fields just found broken (a CEL timestamp conversion throws on
            // an out-of-range one): report these first, and alone
            return found;
        }
        ValidationResult result;
        try {
            result = validator.validate(request);
        } catch (ValidationException e) {
            throw new IllegalStateException("the contract's rules for " + request.getDescriptorForType().getFullName()
                    + " cannot be evaluated", e);
        }
        for (var violation : result.getViolations()) {
            var proto = violation.toProto();
            found.add(new Fault(path(proto.getField()), proto.getMessage(), proto.getRuleId()));
        }
        return found;
    }

    /**
     * The shape violations of a batch request outside its items (its repeated message fields), for methods that
     * answer each item on its own: every other field, and each item list's own size rules
     * ({@code repeated.min_items} / {@code max_items}); the items themselves are left to the service, which checks
     * each with {@link #faults}.
     */
    public List<FieldViolation> violationsOutsideItems(Message request) {
        Message.Builder outside = request.toBuilder();
        List<FieldDescriptor> itemLists = new ArrayList<>();
        for (FieldDescriptor field : request.getDescriptorForType().getFields()) {
            if (field.isRepeated() && !field.isMapField() && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                outside.clearField(field);
                itemLists.add(field);
            }
        }
        List<FieldViolation> found = new ArrayList<>();
        List<String> cleared = itemLists.stream().map(FieldDescriptor::getName).toList();
        // a size rule read on the emptied list says nothing about the request: the real count is checked below
        violations(outside.build()).stream().filter(v -> !cleared.contains(v.field())).forEach(found::add);
        for (FieldDescriptor field : itemLists) {
            RepeatedRules rules = field.getOptions().getExtension(ValidateProto.field).getRepeated();
            int count = request.getRepeatedFieldCount(field);
            if (rules.hasMinItems() && count < rules.getMinItems()) {
                found.add(new FieldViolation(field.getName(),
                        "must contain at least " + rules.getMinItems() + " item(s), not " + count));
            }
            if (rules.hasMaxItems() && count > rules.getMaxItems()) {
                found.add(new FieldViolation(field.getName(),
                        "must contain at most " + rules.getMaxItems() + " item(s), not " + count));
            }
        }
        return found;
    }

    private static void wire(Message message, String prefix, List<Fault> found) {
        if (message instanceof Timestamp timestamp) {
            if (!ProtoTime.isValid(timestamp)) {
                found.add(new Fault(prefix, TIMESTAMP_RANGE, TIMESTAMP_RANGE_RULE));
            }
            return;
        }
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            String path = prefix.isEmpty() ? field.getName() : prefix + "." + field.getName();
            if (field.isMapField()) {
                for (Object item : (List<?>) entry.getValue()) {
                    Message mapEntry = (Message) item;
                    FieldDescriptor key = mapEntry.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor value = mapEntry.getDescriptorForType().findFieldByName("value");
                    Object k = mapEntry.getField(key);
                    String keyPath = path + "[" + (k instanceof String s ? quoted(s) : String.valueOf(k)) + "]";
                    if (k instanceof String s && hasControlCharacter(s)) {
                        found.add(new Fault(path, CONTROL_CHARACTER, CONTROL_CHARACTER_RULE));
                    }
                    check(value, mapEntry.getField(value), keyPath, found);
                }
            } else if (field.isRepeated()) {
                List<?> items = (List<?>) entry.getValue();
                for (int i = 0; i < items.size(); i++) {
                    check(field, items.get(i), path + "[" + i + "]", found);
                }
            } else {
                check(field, entry.getValue(), path, found);
            }
        }
    }

    private static void check(FieldDescriptor field, Object value, String path, List<Fault> found) {
        if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
            if (hasControlCharacter((String) value)) {
                found.add(new Fault(path, CONTROL_CHARACTER, CONTROL_CHARACTER_RULE));
            }
        } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            wire((Message) value, path, found);
        }
    }

    static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** protovalidate's path ({@code events}, index 3, {@code occurred_at}) as the services write it. */
    static String path(FieldPath fieldPath) {
        StringBuilder path = new StringBuilder();
        for (FieldPathElement element : fieldPath.getElementsList()) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(element.getFieldName());
            switch (element.getSubscriptCase()) {
                case INDEX -> path.append('[').append(element.getIndex()).append(']');
                case STRING_KEY -> path.append('[').append(quoted(element.getStringKey())).append(']');
                case INT_KEY -> path.append('[').append(element.getIntKey()).append(']');
                case UINT_KEY -> path.append('[').append(element.getUintKey()).append(']');
                case BOOL_KEY -> path.append('[').append(element.getBoolKey()).append(']');
                case SUBSCRIPT_NOT_SET -> { }
            }
        }
        return path.toString();
    }

    /** A map key in a path: quoted, and cut short — a path never echoes much of what the caller sent. */
    private static String quoted(String key) {
        String shown = key.length() > 32 ? key.substring(0, 32) + "…" : key;
        StringBuilder out = new StringBuilder("\"");
        shown.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F) {
                out.append(String.format("\\u%04x", cp));
            } else if (cp == '"' || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }
}
