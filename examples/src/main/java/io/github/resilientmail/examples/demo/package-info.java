/**
 * The one-command demo: a batch of messages through the resilient transport against GreenMail, with
 * a {@link io.github.resilientmail.testing.ScriptedSmtpServer} in front of it that injects
 * greylisting, a dropped connection, a full mailbox, an unknown user and an outage; see {@link
 * io.github.resilientmail.examples.demo.Demo}.
 */
@NullMarked
package io.github.resilientmail.examples.demo;

import org.jspecify.annotations.NullMarked;
