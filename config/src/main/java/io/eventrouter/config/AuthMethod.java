package io.eventrouter.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as one way to authenticate, written {@code auth: {type: <type>, <settingsKey>: {...}}}. The connector
 * that uses a method declares it (beside its config record) and names what its {@code auth} field accepts by the
 * field's type: one such record, or a sealed interface whose permitted records are the methods it accepts. The
 * binder binds by {@code type} and refuses any other, naming the accepted ones.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AuthMethod {

    /** The value of {@code type}, e.g. {@code basic_auth}. */
    String type();

    /** The key of the settings object, e.g. {@code basicAuth}; empty for a method without settings (no components). */
    String settingsKey() default "";
}
