package io.baedal.platform.web;

import io.baedal.coreapi.error.ErrorCode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusals an operation can answer with besides those every operation shares (a body that is
 * not JSON or not valid, no token, a role that may not call it): the OpenAPI document lists each as
 * a problem+json response under its status, with an example ({@link ApiDocumentation}).
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Refusals {

    ErrorCode[] value();
}
