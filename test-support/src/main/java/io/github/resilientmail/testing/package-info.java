/**
 * A scripted SMTP server on loopback for tests of SMTP clients, using nothing but the JDK.
 *
 * <p>{@link io.github.resilientmail.testing.ScriptedSmtpServer} speaks ordinary SMTP until a test
 * scripts otherwise through its {@link io.github.resilientmail.testing.SmtpScript}: any reply at
 * any {@link io.github.resilientmail.testing.SmtpStep}, a dropped connection, a hang, garbage or a
 * slow trickle (each an {@link io.github.resilientmail.testing.Action}). It records what it really
 * received, each accepted message as a {@link io.github.resilientmail.testing.Delivery}, so that
 * tests can check that nothing was lost and nothing was delivered twice.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
 *     server.script().on(SmtpStep.RCPT, "bob@example.com").reply("450 4.2.0 Greylisted").once();
 *     // send with the client under test to 127.0.0.1:server.port()
 *     assertThat(server.deliveredTo("bob@example.com")).isEqualTo(1);
 * }
 * }</pre>
 */
@NullMarked
package io.github.resilientmail.testing;

import org.jspecify.annotations.NullMarked;
