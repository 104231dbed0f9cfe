/**
 * JMH benchmarks of the reply classifier. Built in the reactor, run by hand (see the module's
 * README), never deployed.
 */
@NullMarked
package io.github.resilientmail.benchmarks;

import org.jspecify.annotations.NullMarked;
