package io.laurel.platform.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLogTest {

    private static final MethodDescriptor<Empty, Empty> PING = MethodDescriptor.<Empty, Empty>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("laurel.test.v1.PingService/Ping")
            .setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
            .build();
    private static final MethodDescriptor<Empty, Empty> FAIL = PING.toBuilder()
            .setFullMethodName("laurel.test.v1.PingService/Fail").build();

    private final List<ExtLogRecord> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(RequestLog.CATEGORY);
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ExtLogRecord ext = (ExtLogRecord) record;
            ext.copyMdc();
            lines.add(ext);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void serve() throws Exception {
        ServerServiceDefinition service = ServerServiceDefinition.builder("laurel.test.v1.PingService")
                .addMethod(PING, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(Empty.getDefaultInstance());
                    response.onCompleted();
                }))
                .addMethod(FAIL, ServerCalls.asyncUnaryCall((request, response) ->
                        response.onError(Status.NOT_FOUND.withDescription("no such thing").asRuntimeException())))
                .build();
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(service, new RequestLog())).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
        logger.setLevel(null);
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void oneStructuredLinePerCallAtDebug() {
        logger.setLevel(Level.FINE);

        ClientCalls.blockingUnaryCall(channel, PING, io.grpc.CallOptions.DEFAULT, Empty.getDefaultInstance());
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, FAIL, io.grpc.CallOptions.DEFAULT,
                Empty.getDefaultInstance())).isInstanceOf(StatusRuntimeException.class);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).getFormattedMessage()).startsWith("grpc method=laurel.test.v1.PingService/Ping status=OK duration_ms=");
        assertThat(lines.get(1).getMdcCopy()).containsAllEntriesOf(Map.of(
                "grpc_method", "laurel.test.v1.PingService/Fail", "grpc_status", "NOT_FOUND"));
        assertThat(lines.get(1).getMdcCopy()).containsKey("duration_ms");
    }

    @Test
    void nothingAtInfo() {
        logger.setLevel(Level.INFO);

        ClientCalls.blockingUnaryCall(channel, PING, io.grpc.CallOptions.DEFAULT, Empty.getDefaultInstance());

        assertThat(lines).isEmpty();
    }
}
