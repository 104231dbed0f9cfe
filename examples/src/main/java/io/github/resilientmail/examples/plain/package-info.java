/**
 * Plain Java examples: {@link io.github.resilientmail.examples.plain.SendWithConfiguration} makes
 * {@code Transport.send} resilient by configuration alone, {@link
 * io.github.resilientmail.examples.plain.SendWithBuilder} builds the resilient transport in code
 * with Resilience4j's configuration types and a logging listener.
 */
@NullMarked
package io.github.resilientmail.examples.plain;

import org.jspecify.annotations.NullMarked;
