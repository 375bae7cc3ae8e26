package io.laurel.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One database on a {@link PostgresServer}, with everything a client needs to reach it.
 *
 * @param name        database name
 * @param jdbcUrl     {@code jdbc:postgresql://host:port/name}
 * @param reactiveUrl the Vert.x form, {@code postgresql://host:port/name}
 * @param username    user to connect as
 * @param password    its password (an embedded server trusts local connections and ignores it)
 */
public record PostgresDatabase(String name, String jdbcUrl, String reactiveUrl, String username, String password) {

    /** The Quarkus datasource settings that point at this database (JDBC for Flyway, reactive for the app). */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.reactive.url", reactiveUrl);
        config.put("quarkus.datasource.username", username);
        config.put("quarkus.datasource.password", password);
        return config;
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + username + " @ " + jdbcUrl + "]";
    }
}
