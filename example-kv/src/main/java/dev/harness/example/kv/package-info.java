/**
 * An example {@link dev.harness.service.ServiceHandler} to copy: a key-value service
 * ({@link dev.harness.example.kv.KeyValueHandler}) that keeps its data in memory
 * ({@link dev.harness.example.kv.KeyValueStore}) and fetches misses from a slow, blocking backend
 * ({@link dev.harness.example.kv.SlowBackend}) through {@code Session.blocking}, written once for every
 * server model; and the same service blocking its caller directly
 * ({@link dev.harness.example.kv.LoopBlockingKeyValueHandler}), to see what that costs a proactor. The
 * module README walks through comparing the three models on it.
 */
package dev.harness.example.kv;
