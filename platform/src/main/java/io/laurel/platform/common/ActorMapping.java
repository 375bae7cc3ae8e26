package io.laurel.platform.common;

import io.laurel.proto.common.v1.ActorKind;

/** {@link Actor} ↔ {@code laurel.common.v1.Actor}; its shape (kind, id, display name) is the contract's. */
public final class ActorMapping {

    private ActorMapping() {
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
