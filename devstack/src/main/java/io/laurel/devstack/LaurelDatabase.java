package io.laurel.devstack;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the database a {@link PostgresDatabase} parameter resolved by {@link LaurelInfra} gets, on the parameter or
 * on the test class. Without it the database is {@code laurel_test}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.TYPE})
public @interface LaurelDatabase {
    String value();
}
