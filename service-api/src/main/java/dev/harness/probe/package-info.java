/**
 * Cost probes of a process read from Linux {@code /proc}: {@link dev.harness.probe.ProcProbe#sample(long)}
 * before and after a measurement window, and {@link dev.harness.probe.ProcessSample#minus} for the window
 * (context switches differenced thread by thread: {@link dev.harness.probe.ThreadTable}).
 *
 * <pre>{@code
 * ProcessSample before = ProcProbe.sample(serverPid);
 * // ... run the load ...
 * ProcessSample.Window window = ProcProbe.sample(serverPid).minus(before);
 * double ctxSwitchesPerRequest = (double) window.ctxSwitchesTotal() / completedInWindow;
 * }</pre>
 *
 * <p>{@link dev.harness.probe.ThreadLimits} reads the limits that stop a thread from starting (pid_max,
 * threads-max, {@code ulimit -u}, max_map_count) and names the likely one; {@link dev.harness.probe.ProcFiles}
 * reads a {@code /proc} file whole, which {@code Files.readString} does not always do.
 * {@link dev.harness.probe.TcpSockets#established} counts the ESTABLISHED sockets of a local end in
 * {@code /proc/net/tcp} and {@code tcp6}: the connections a server in another process holds.
 * {@link dev.harness.probe.Provenance} is what every {@code meta.json} records: the JDK, the machine, the
 * checkout.
 */
package dev.harness.probe;
