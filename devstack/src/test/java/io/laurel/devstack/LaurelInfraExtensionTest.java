package io.laurel.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LaurelInfra.class)
@LaurelDatabase("platform")
class LaurelInfraExtensionTest {

    @Test
    void injectsTheDatabaseTheClassNames(PostgresDatabase database) throws Exception {
        assertThat(database.name()).isEqualTo("platform");
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("platform");
        }
    }

    @Test
    void theParameterAnnotationWinsAndServersAreShared(@LaurelDatabase("outbox") PostgresDatabase database,
                                                       PostgresServer postgres, RedisServer redis) {
        assertThat(database.reactiveUrl()).isEqualTo(postgres.reactiveUrl("outbox"));
        assertThat(postgres).isSameAs(LaurelInfra.postgres());
        assertThat(redis.ping()).isEqualTo("PONG");
    }
}
