package io.github.resilientmail.examples.plain;

import io.github.resilientmail.SmtpFailure;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Plain Java, resilient by configuration alone: the code is ordinary Jakarta Mail, {@code
 * Transport.send(message)}, and the settings file {@code mail.properties} next to this class names
 * the resilient transport ({@code mail.transport.protocol.rfc822=resilient-smtp}) and sets its
 * retries.
 *
 * <pre>{@code
 * java -cp ... io.github.resilientmail.examples.plain.SendWithConfiguration localhost 2525 bob@example.com
 * }</pre>
 */
public final class SendWithConfiguration {

    private SendWithConfiguration() {}

    /**
     * The settings of {@code mail.properties}.
     *
     * @return a new copy, to change at will
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Properties settings() {
        Properties settings = new Properties();
        try (InputStream in = SendWithConfiguration.class.getResourceAsStream("mail.properties")) {
            if (in == null) {
                throw new IOException("mail.properties is missing from the class path");
            }
            settings.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    /**
     * Sends a message as any Jakarta Mail application does; the settings make it resilient.
     *
     * @param settings the session's settings, such as {@link #settings()}
     * @param from the sender
     * @param to the recipient
     * @param text the text of the message
     * @throws MessagingException when the message could not be sent: one of the typed exceptions of
     *     resilient-mail, after the retries
     */
    public static void send(Properties settings, String from, String to, String text)
            throws MessagingException {
        Session session = Session.getInstance(settings);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Hello from resilient-mail");
        message.setText(text, "UTF-8");
        Transport.send(message);
    }

    /**
     * Sends one message and says what became of it.
     *
     * @param args the relay's host and port, and the recipient
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("Usage: SendWithConfiguration host port recipient");
            return;
        }
        Properties settings = settings();
        settings.setProperty("mail.smtp.host", args[0]);
        settings.setProperty("mail.smtp.port", args[1]);
        try {
            send(settings, "demo@example.com", args[2], "Sent by configuration alone.");
            System.out.println("sent to " + args[2]);
        } catch (MessagingException e) {
            if (e instanceof SmtpFailure failure) {
                System.out.println(
                        e.getClass().getSimpleName()
                                + ": "
                                + failure.category()
                                + (failure.isTransient() ? ", try again later" : ", do not retry"));
            } else {
                System.out.println("not sent: " + e);
            }
        }
    }
}
