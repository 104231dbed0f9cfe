package io.github.resilientmail.benchmarks;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientmail.CircuitOpenException;
import io.github.resilientmail.ResilientTransport;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;

/** Counts the connections that sends open while their relay's circuit breaker is open. */
final class OpenCircuitProof {

    private OpenCircuitProof() {}

    /**
     * Sends a message once (the breaker exists and is closed), forces the relay's breaker open,
     * then calls {@code Transport.send} {@code sends} times, each of which must fail with {@link
     * CircuitOpenException}.
     *
     * @return how many connections the sink accepted while the breaker was open
     */
    static long connectionsOpened(int sends) throws IOException, MessagingException {
        try (SmtpSink sink = SmtpSink.start()) {
            Session session = Side.RESILIENT.session(sink);
            MimeMessage message = Side.message(session);
            Transport.send(message);
            CircuitBreaker breaker =
                    ResilientTransport.defaultCircuitBreakerRegistry()
                            .find(sink.host() + ":" + sink.port())
                            .orElseThrow(() -> new IllegalStateException("no breaker"));
            breaker.transitionToForcedOpenState();
            long before = sink.connections();
            try {
                for (int i = 0; i < sends; i++) {
                    try {
                        Transport.send(message);
                        throw new IllegalStateException("sent although the breaker is open");
                    } catch (CircuitOpenException expected) {
                        // What an open breaker does.
                    }
                }
                return sink.connections() - before;
            } finally {
                breaker.transitionToClosedState();
            }
        }
    }
}
