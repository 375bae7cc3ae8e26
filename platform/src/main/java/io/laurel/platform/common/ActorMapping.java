package io.laurel.platform.common;

import io.laurel.platform.error.Violations;
import io.laurel.proto.common.v1.ActorKind;

/** {@link Actor} ↔ {@code laurel.common.v1.Actor}. */
public final class ActorMapping {

    /** Longest accepted actor display name. */
    public static final int MAX_DISPLAY_NAME_LENGTH = 200;

    private ActorMapping() {
    }

    /**
     * Records what is wrong with the actor's id and display name on {@code v} (paths relative to
     * the actor). Which kinds may act is each RPC's own rule.
     */
    public static void checkShape(Violations v, io.laurel.proto.common.v1.Actor a) {
        v.requireId("id", a.getId());
        v.require(a.getDisplayName().length() <= MAX_DISPLAY_NAME_LENGTH, "display_name",
                "must be at most " + MAX_DISPLAY_NAME_LENGTH + " characters");
    }

    public static io.laurel.proto.common.v1.Actor toProto(Actor a) {
        ActorKind kind = switch (a.kind()) {
            case MERCHANT_STAFF -> ActorKind.ACTOR_KIND_MERCHANT_STAFF;
            case PLATFORM -> ActorKind.ACTOR_KIND_PLATFORM;
            case SYSTEM -> ActorKind.ACTOR_KIND_SYSTEM;
        };
        return io.laurel.proto.common.v1.Actor.newBuilder()
                .setKind(kind).setId(a.id()).setDisplayName(a.displayName()).build();
    }

    /** null when the kind is unset or unknown (the request check reports it). */
    public static Actor toDomain(io.laurel.proto.common.v1.Actor a) {
        Actor.Kind kind = switch (a.getKind()) {
            case ACTOR_KIND_MERCHANT_STAFF -> Actor.Kind.MERCHANT_STAFF;
            case ACTOR_KIND_PLATFORM -> Actor.Kind.PLATFORM;
            case ACTOR_KIND_SYSTEM -> Actor.Kind.SYSTEM;
            case ACTOR_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
        return kind == null ? null : new Actor(kind, a.getId(), a.getDisplayName());
    }
}
