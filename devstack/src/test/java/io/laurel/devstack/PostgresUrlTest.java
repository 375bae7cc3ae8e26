package io.laurel.devstack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresUrlTest {

    @Test
    void libpqFormWithEverything() {
        PostgresUrl url = PostgresUrl.parse("postgresql://laurel:s3cret@db.example:6543/admin?sslmode=require", null, null);

        assertThat(url).isEqualTo(new PostgresUrl("db.example", 6543, "admin", "laurel", "s3cret", "sslmode=require"));
    }

    @Test
    void postgresSchemeAliasAndDefaults() {
        PostgresUrl url = PostgresUrl.parse("postgres://db", null, null);

        assertThat(url).isEqualTo(new PostgresUrl("db", 5432, "postgres", "postgres", "", ""));
    }

    @Test
    void jdbcFormTakesCredentialsFromParametersAndKeepsTheRest() {
        PostgresUrl url = PostgresUrl.parse(
                "jdbc:postgresql://localhost:5433/postgres?user=app&password=pw&ApplicationName=laurel", null, null);

        assertThat(url).isEqualTo(new PostgresUrl("localhost", 5433, "postgres", "app", "pw", "ApplicationName=laurel"));
    }

    @Test
    void pgUserAndPgPasswordFillWhatTheUrlLeavesOut() {
        Map<String, String> env = Map.of("PG_URL", "postgresql://db:5432/postgres",
                "PG_USER", "envuser", "PG_PASSWORD", "envpass");

        assertThat(PostgresUrl.fromEnvironment(env)).contains(
                new PostgresUrl("db", 5432, "postgres", "envuser", "envpass", ""));
    }

    @Test
    void credentialsInTheUrlWinOverPgUser() {
        Map<String, String> env = Map.of("PG_URL", "postgresql://urluser:urlpass@db/postgres", "PG_USER", "envuser",
                "PG_PASSWORD", "envpass");

        PostgresUrl url = PostgresUrl.fromEnvironment(env).orElseThrow();

        assertThat(url.username()).isEqualTo("urluser");
        assertThat(url.password()).isEqualTo("urlpass");
    }

    @Test
    void percentEncodedPasswordIsDecodedAndPlusIsKept() {
        PostgresUrl url = PostgresUrl.parse("postgresql://u:p%40ss%3Aw+rd@h/postgres", null, null);

        assertThat(url.password()).isEqualTo("p@ss:w+rd");
    }

    @Test
    void ipv6HostKeepsItsBrackets() {
        PostgresUrl url = PostgresUrl.parse("postgresql://[::1]:15432/postgres", null, null);

        assertThat(url.host()).isEqualTo("[::1]");
        assertThat(url.port()).isEqualTo(15432);
    }

    @Test
    void unsetOrBlankPgUrlMeansNoServerNamed() {
        assertThat(PostgresUrl.fromEnvironment(Map.of())).isEmpty();
        assertThat(PostgresUrl.fromEnvironment(Map.of("PG_URL", " "))).isEmpty();
    }

    @Test
    void otherSchemesAndBadPortsAreRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:secret@h/db", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Postgres URL")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:secret@h:99999/db", null, null))
                .hasMessageContaining("bad port")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h1:5432,h2:5432/db", null, null))
                .hasMessageContaining("several hosts");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(PostgresUrl.parse("postgresql://u:secret@h/db", null, null).toString()).doesNotContain("secret");
    }
}
