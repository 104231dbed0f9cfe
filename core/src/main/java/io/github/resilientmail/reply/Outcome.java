package io.github.resilientmail.reply;

/** Whether a reply or a send ended in success, partial success or failure. */
public enum Outcome {
    /** Every step succeeded (2yz or 3yz). */
    SUCCESS,
    /**
     * The message was accepted for some recipients and refused for others (Angus Mail reports this
     * as an {@code SMTPSendFailedException} with code 250 when {@code mail.smtp.sendpartial} is
     * set).
     */
    PARTIAL_SUCCESS,
    /** The step failed. */
    FAILURE
}
