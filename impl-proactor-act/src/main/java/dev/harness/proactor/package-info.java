/**
 * A small Proactor framework after the simplified ACE design: the {@code Proactor} event loop dispatches
 * completions, each an {@code AsynchResult} that carries the Asynchronous Completion Token its initiator
 * passed, to the completion {@code Handler}.
 */
package dev.harness.proactor;
