package io.github.resilientmail.spring;

import io.github.resilientmail.reply.Category;

/** Learns the outcome and duration of each message the mail sender sends. */
interface SendObserver {

    /**
     * A message was delivered to every recipient.
     *
     * @param relay the relay, as the transport names it ({@code user@host:port})
     * @param attempts the attempts it took, 1 when it was not retried
     * @param nanos how long the send took, retries and waits included
     */
    void delivered(String relay, int attempts, long nanos);

    /**
     * A message, or the connection that was to carry it, failed.
     *
     * @param relay the relay, or {@code unknown}
     * @param category why
     * @param nanos how long the send took, retries and waits included
     */
    void failed(String relay, Category category, long nanos);
}
