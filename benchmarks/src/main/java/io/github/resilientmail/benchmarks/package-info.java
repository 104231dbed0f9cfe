/**
 * JMH benchmarks of what resilience costs: the resilient transport against Angus Mail's SMTP
 * transport, the starter's mail sender against Spring Boot's, the open circuit, the reply
 * classifier, memory and threads, with {@link io.github.resilientmail.benchmarks.Report} to run a
 * short version of all of them. Built in the reactor, run by hand (see the module's README), never
 * deployed.
 */
@NullMarked
package io.github.resilientmail.benchmarks;

import org.jspecify.annotations.NullMarked;
