package io.cablekit.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link TestCable} field of a {@link CableTest} class: static for one cable per class
 * (shared by its tests, which must then use distinct stream names and identifiers), instance for
 * one per test.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Cable {}
