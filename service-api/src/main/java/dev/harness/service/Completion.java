package dev.harness.service;

/** The completion handler of an asynchronous operation that a service initiated through its {@link Session}. */
@FunctionalInterface
public interface Completion<T> {
    void completed(T result);
}
