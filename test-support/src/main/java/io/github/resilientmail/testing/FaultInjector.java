package io.github.resilientmail.testing;

import org.jspecify.annotations.Nullable;

/**
 * Decides faults for steps that no {@link SmtpScript} rule matched, for example from a seeded
 * random generator in a chaos test.
 *
 * <p>The server calls it from the thread that serves the connection, so it must be thread-safe when
 * several connections are open at once. A fault injector that throws ends the connection.
 *
 * <pre>{@code
 * Random random = new Random(42);
 * FaultInjector faults = (step, connection, argument) -> {
 *     synchronized (random) {
 *         return random.nextInt(10) == 0 ? Action.reply("421 4.3.2 Try later") : null;
 *     }
 * };
 * ScriptedSmtpServer server = ScriptedSmtpServer.builder().faults(faults).start();
 * }</pre>
 */
@FunctionalInterface
public interface FaultInjector {

    /**
     * Decides what the server does at one step.
     *
     * @param step the step
     * @param connection the connection's number, from 1 in the order connections were accepted
     * @param argument the step's argument (see {@link SmtpStep}), never {@code null}
     * @return the action instead of the normal answer, or {@code null} for the normal answer
     */
    @Nullable Action decide(SmtpStep step, int connection, String argument);
}
