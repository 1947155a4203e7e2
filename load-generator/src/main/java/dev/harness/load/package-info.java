/**
 * The load generator: a Connector that establishes connections (SYNC or ASYNC), an event-driven engine
 * that drives them in closed or open loop without coordinated omission, and HdrHistogram recording.
 */
package dev.harness.load;
