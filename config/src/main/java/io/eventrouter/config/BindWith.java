package io.eventrouter.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Binds a type with a {@link TypeAdapter} instead of the record rules (e.g. a value written as a string or a mapping). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BindWith {
    Class<? extends TypeAdapter<?>> value();
}
