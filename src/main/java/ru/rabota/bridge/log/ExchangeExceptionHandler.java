package ru.rabota.bridge.log;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;

/** A consumer's exception handler written as its one full method: the shorter two pass no message or exchange. */
public interface ExchangeExceptionHandler extends ExceptionHandler {

    @Override
    default void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    default void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }
}
