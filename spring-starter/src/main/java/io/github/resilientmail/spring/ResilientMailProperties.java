package io.github.resilientmail.spring;

import io.github.resilientmail.DeliveryGuarantee;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the resilient mail sender, under {@code resilient-mail.*}: retries and circuit
 * breakers in the vocabulary of Resilience4j (the same keys as the transport's session properties
 * {@code mail.resilient-smtp.*}), the default timeouts and the delivery guarantee.
 *
 * <p>The relay itself (host, port, credentials, TLS) is configured as always with {@code
 * spring.mail.*}. Durations accept {@code 250ms}, {@code 2s}, {@code 1m} or ISO-8601 ({@code
 * PT2S}). Invalid values fail the application's startup with a message naming the property.
 *
 * <pre>{@code
 * resilient-mail.retry.max-attempts=4
 * resilient-mail.retry.wait-duration=2s
 * resilient-mail.circuit-breaker.wait-duration-in-open-state=1m
 * resilient-mail.delivery-guarantee=at-most-once
 * }</pre>
 *
 * <p>A mutable bean that Spring binds once at startup; not meant to be changed afterwards.
 */
@ConfigurationProperties("resilient-mail")
public class ResilientMailProperties {

    /**
     * Whether Spring Boot's JavaMailSender sends through the resilient transport (retries, circuit
     * breaker, typed exceptions).
     */
    private boolean enabled = true;

    /**
     * What to do when the connection drops after the final "." and before the server's reply:
     * at-least-once sends the message again (it may arrive twice), at-most-once throws
     * DeliveryUncertainException instead.
     */
    private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE;

    /**
     * Whether listener events and exception messages mask recipient addresses (b***@example.com).
     * Metrics and health never show addresses.
     */
    private boolean hideRecipients;

    /**
     * How long to wait for the relay to accept a connection, unless
     * spring.mail.properties.mail.smtp.connectiontimeout is set.
     */
    private Duration connectionTimeout = Duration.ofSeconds(10);

    /**
     * How long to wait for each reply of the relay, unless spring.mail.properties.mail.smtp.timeout
     * is set.
     */
    private Duration readTimeout = Duration.ofSeconds(60);

    /**
     * How long a write to the relay may block, unless spring.mail.properties.mail.smtp.writetimeout
     * is set.
     */
    private Duration writeTimeout = Duration.ofSeconds(60);

    /** Retries of transient failures. */
    private final Retry retry = new Retry();

    /** The circuit breaker of each relay. */
    private final CircuitBreaker circuitBreaker = new CircuitBreaker();

    /** Creates the settings with their defaults. */
    public ResilientMailProperties() {}

    /**
     * Whether the starter is enabled.
     *
     * @return {@code true} by default
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Enables or disables the starter.
     *
     * @param enabled {@code false} leaves Boot's JavaMailSender as it is
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * What to do when the connection drops after the final ".".
     *
     * @return {@link DeliveryGuarantee#AT_LEAST_ONCE} by default
     */
    public DeliveryGuarantee getDeliveryGuarantee() {
        return deliveryGuarantee;
    }

    /**
     * Sets what to do when the connection drops after the final ".".
     *
     * @param deliveryGuarantee the guarantee
     */
    public void setDeliveryGuarantee(DeliveryGuarantee deliveryGuarantee) {
        this.deliveryGuarantee = deliveryGuarantee;
    }

    /**
     * Whether listener events and exception messages mask recipient addresses.
     *
     * @return false by default
     */
    public boolean isHideRecipients() {
        return hideRecipients;
    }

    /**
     * Sets whether listener events and exception messages mask recipient addresses.
     *
     * @param hideRecipients true to mask them
     */
    public void setHideRecipients(boolean hideRecipients) {
        this.hideRecipients = hideRecipients;
    }

    /**
     * The connect timeout used when the mail properties set none.
     *
     * @return 10 seconds by default
     */
    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    /**
     * Sets the connect timeout used when the mail properties set none.
     *
     * @param connectionTimeout a positive duration
     */
    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    /**
     * The read timeout used when the mail properties set none.
     *
     * @return 60 seconds by default
     */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /**
     * Sets the read timeout used when the mail properties set none.
     *
     * @param readTimeout a positive duration
     */
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /**
     * The write timeout used when the mail properties set none.
     *
     * @return 60 seconds by default
     */
    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    /**
     * Sets the write timeout used when the mail properties set none.
     *
     * @param writeTimeout a positive duration
     */
    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    /**
     * The retry settings.
     *
     * @return the nested settings, never {@code null}
     */
    public Retry getRetry() {
        return retry;
    }

    /**
     * The circuit breaker settings.
     *
     * @return the nested settings, never {@code null}
     */
    public CircuitBreaker getCircuitBreaker() {
        return circuitBreaker;
    }

    /** Settings under {@code resilient-mail.retry.*}. */
    public static class Retry {

        /** Attempts per send, the first included. */
        private int maxAttempts = 3;

        /** Wait before the first retry. */
        private Duration waitDuration = Duration.ofSeconds(1);

        /** Each wait is this much longer than the one before. */
        private double exponentialBackoffMultiplier = 2.0;

        /** The longest wait between two attempts. */
        private Duration exponentialMaxWaitDuration = Duration.ofSeconds(30);

        /** Jitter: each wait varies randomly by plus or minus this fraction (0 for none). */
        private double randomizedWaitFactor = 0.5;

        /**
         * The time budget of one send, waits included; a server's retry-after hint is honoured
         * within it.
         */
        private Duration maxDuration = Duration.ofMinutes(2);

        /** Creates the settings with their defaults. */
        public Retry() {}

        /**
         * Attempts per send.
         *
         * @return 3 by default
         */
        public int getMaxAttempts() {
            return maxAttempts;
        }

        /**
         * Sets the attempts per send.
         *
         * @param maxAttempts at least 1
         */
        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        /**
         * The wait before the first retry.
         *
         * @return 1 second by default
         */
        public Duration getWaitDuration() {
            return waitDuration;
        }

        /**
         * Sets the wait before the first retry.
         *
         * @param waitDuration a positive duration
         */
        public void setWaitDuration(Duration waitDuration) {
            this.waitDuration = waitDuration;
        }

        /**
         * The backoff multiplier.
         *
         * @return 2.0 by default
         */
        public double getExponentialBackoffMultiplier() {
            return exponentialBackoffMultiplier;
        }

        /**
         * Sets the backoff multiplier.
         *
         * @param exponentialBackoffMultiplier from 1.0 to 100.0
         */
        public void setExponentialBackoffMultiplier(double exponentialBackoffMultiplier) {
            this.exponentialBackoffMultiplier = exponentialBackoffMultiplier;
        }

        /**
         * The longest wait.
         *
         * @return 30 seconds by default
         */
        public Duration getExponentialMaxWaitDuration() {
            return exponentialMaxWaitDuration;
        }

        /**
         * Sets the longest wait.
         *
         * @param exponentialMaxWaitDuration at least the wait duration
         */
        public void setExponentialMaxWaitDuration(Duration exponentialMaxWaitDuration) {
            this.exponentialMaxWaitDuration = exponentialMaxWaitDuration;
        }

        /**
         * The jitter.
         *
         * @return 0.5 by default
         */
        public double getRandomizedWaitFactor() {
            return randomizedWaitFactor;
        }

        /**
         * Sets the jitter.
         *
         * @param randomizedWaitFactor from 0.0 (none) to 0.999
         */
        public void setRandomizedWaitFactor(double randomizedWaitFactor) {
            this.randomizedWaitFactor = randomizedWaitFactor;
        }

        /**
         * The time budget of one send.
         *
         * @return 2 minutes by default
         */
        public Duration getMaxDuration() {
            return maxDuration;
        }

        /**
         * Sets the time budget of one send.
         *
         * @param maxDuration a positive duration
         */
        public void setMaxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
        }
    }

    /** Settings under {@code resilient-mail.circuit-breaker.*}. */
    public static class CircuitBreaker {

        /**
         * Percentage of relay failures (connection failures, timeouts, 421, 4.3.x, 4.4.x) that
         * opens the breaker; a refused recipient never counts.
         */
        private float failureRateThreshold = 50;

        /** Calls the failure rate is computed over. */
        private int slidingWindowSize = 20;

        /** Calls needed before the failure rate counts. */
        private int minimumNumberOfCalls = 10;

        /** How long an open breaker refuses sends without connecting. */
        private Duration waitDurationInOpenState = Duration.ofSeconds(30);

        /** Trial calls let through once the open state has lasted its time. */
        private int permittedNumberOfCallsInHalfOpenState = 3;

        /** Creates the settings with their defaults. */
        public CircuitBreaker() {}

        /**
         * The failure rate that opens the breaker.
         *
         * @return 50 by default
         */
        public float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        /**
         * Sets the failure rate that opens the breaker.
         *
         * @param failureRateThreshold a percentage above 0, at most 100
         */
        public void setFailureRateThreshold(float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        /**
         * The size of the sliding window.
         *
         * @return 20 by default
         */
        public int getSlidingWindowSize() {
            return slidingWindowSize;
        }

        /**
         * Sets the size of the sliding window.
         *
         * @param slidingWindowSize at least 1
         */
        public void setSlidingWindowSize(int slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
        }

        /**
         * Calls before the failure rate counts.
         *
         * @return 10 by default
         */
        public int getMinimumNumberOfCalls() {
            return minimumNumberOfCalls;
        }

        /**
         * Sets the calls before the failure rate counts.
         *
         * @param minimumNumberOfCalls at least 1
         */
        public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
            this.minimumNumberOfCalls = minimumNumberOfCalls;
        }

        /**
         * How long an open breaker refuses sends.
         *
         * @return 30 seconds by default
         */
        public Duration getWaitDurationInOpenState() {
            return waitDurationInOpenState;
        }

        /**
         * Sets how long an open breaker refuses sends.
         *
         * @param waitDurationInOpenState a positive duration
         */
        public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
            this.waitDurationInOpenState = waitDurationInOpenState;
        }

        /**
         * Trial calls in the half-open state.
         *
         * @return 3 by default
         */
        public int getPermittedNumberOfCallsInHalfOpenState() {
            return permittedNumberOfCallsInHalfOpenState;
        }

        /**
         * Sets the trial calls in the half-open state.
         *
         * @param permittedNumberOfCallsInHalfOpenState at least 1
         */
        public void setPermittedNumberOfCallsInHalfOpenState(
                int permittedNumberOfCallsInHalfOpenState) {
            this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
        }
    }
}
