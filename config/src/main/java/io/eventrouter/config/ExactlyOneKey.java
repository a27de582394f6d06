package io.eventrouter.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The record is written as a mapping with exactly one of its keys, e.g. a filter that is either {@code exact} or
 * {@code cesql}. The binder refuses none or several, and the JSON schema says {@code minProperties/maxProperties: 1}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ExactlyOneKey {

    /** What the record is, for messages: "a filter". */
    String what();

    /** Added to the message when several keys are given, e.g. how to combine them instead. */
    String hint() default "";
}
