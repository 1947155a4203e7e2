/**
 * Cost probes of a process read from Linux {@code /proc}: {@link dev.harness.probe.ProcProbe#sample(long)}
 * before and after a measurement window, and {@link dev.harness.probe.ProcessSample#minus} for the window.
 *
 * <pre>{@code
 * ProcessSample before = ProcProbe.sample(serverPid);
 * // ... run the load ...
 * ProcessSample window = ProcProbe.sample(serverPid).minus(before);
 * double ctxSwitchesPerRequest = (double) window.ctxSwitches() / completedRequests;
 * }</pre>
 */
package dev.harness.probe;
