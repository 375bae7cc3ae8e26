package io.laurel.devstack;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.laurel.proto.platform.v1.ListParkedMessagesRequest;
import io.laurel.proto.platform.v1.ListParkedMessagesResponse;
import io.laurel.proto.platform.v1.OutboxServiceGrpc;
import io.laurel.proto.platform.v1.ParkedMessage;
import io.laurel.proto.platform.v1.ReplayParkedMessagesRequest;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./laurel outbox [parked | replay <service> all | replay <service> <id>...]}: an operator's
 * view of the messages each running service's outbox parked, through the services' own
 * {@code laurel.platform.v1.OutboxService} (the same calls work with {@code buf curl} against any
 * deployment; see docs/operations.md).
 */
final class ParkedMessagesCommand {

    private final List<LaurelService> services;
    private final PrintStream out;

    ParkedMessagesCommand(List<LaurelService> services, PrintStream out) {
        this.services = services;
        this.out = out;
    }

    int run(List<String> args) {
        String verb = args.isEmpty() ? "parked" : args.getFirst();
        try {
            return switch (verb) {
                case "parked" -> list();
                case "replay" -> replay(args.subList(1, args.size()));
                default -> usage();
            };
        } catch (StatusRuntimeException e) {
            out.println("outbox: " + e.getStatus().getCode() + " " + e.getStatus().getDescription() + " (is `./laurel up` running?)");
            return 1;
        }
    }

    private int list() {
        int total = 0;
        for (LaurelService service : services) {
            ManagedChannel channel = channel(service);
            try {
                String token = "";
                do {
                    ListParkedMessagesResponse page = OutboxServiceGrpc.newBlockingStub(channel)
                            .listParkedMessages(ListParkedMessagesRequest.newBuilder().setPageSize(100).setPageToken(token).build());
                    for (ParkedMessage m : page.getMessagesList()) {
                        total++;
                        out.printf(Locale.ROOT, "%-17s #%-6d → %-8s %s key %s, %d attempt(s), parked %s%n      %s%n",
                                service.name(), m.getMessageId(), m.getDestination(), m.getMethod(), m.getMessageKey(),
                                m.getAttempts(), Instant.ofEpochSecond(m.getParkTime().getSeconds()), m.getLastError());
                    }
                    token = page.getNextPageToken();
                } while (!token.isEmpty());
            } finally {
                close(channel);
            }
        }
        out.println(total == 0 ? "No parked messages." : total + " parked message(s).");
        return 0;
    }

    private int replay(List<String> args) {
        if (args.size() < 2) {
            return usage();
        }
        LaurelService service = services.stream().filter(s -> s.name().equals(args.getFirst()) || s.area().equals(args.getFirst()))
                .findFirst().orElse(null);
        if (service == null) {
            out.println("outbox: no service " + args.getFirst());
            return 2;
        }
        ReplayParkedMessagesRequest.Builder request = ReplayParkedMessagesRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString());
        if (args.get(1).equals("all")) {
            request.setAll(true);
        } else {
            args.subList(1, args.size()).forEach(id -> request.addMessageIds(Long.parseLong(id)));
        }
        ManagedChannel channel = channel(service);
        try {
            int count = OutboxServiceGrpc.newBlockingStub(channel).replayParkedMessages(request.build()).getReplayedCount();
            out.println(service.name() + ": " + count + " parked message(s) sent again.");
            return 0;
        } finally {
            close(channel);
        }
    }

    private int usage() {
        out.println("usage: ./laurel outbox [parked | replay <service> all | replay <service> <id>...]");
        return 2;
    }

    private static ManagedChannel channel(LaurelService service) {
        return ManagedChannelBuilder.forTarget("localhost:" + service.port()).usePlaintext().build();
    }

    private static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
