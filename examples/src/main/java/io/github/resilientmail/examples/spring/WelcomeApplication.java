package io.github.resilientmail.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application that sends welcome mails. The only mail settings it needs are Boot's own ({@code
 * spring.mail.host}, {@code spring.mail.port}); the starter makes the sender resilient.
 */
@SpringBootApplication
public class WelcomeApplication {

    /** Created by Spring. */
    WelcomeApplication() {}

    /**
     * Starts the application.
     *
     * @param args Spring Boot arguments, such as {@code --spring.mail.host=smtp.example.com}
     */
    public static void main(String[] args) {
        SpringApplication.run(WelcomeApplication.class, args);
    }
}
