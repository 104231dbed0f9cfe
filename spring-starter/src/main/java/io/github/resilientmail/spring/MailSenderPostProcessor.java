package io.github.resilientmail.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Replaces each {@link JavaMailSenderImpl} bean, once Boot (or the application) has configured it,
 * with a {@link ResilientJavaMailSender} configured the same way. Subclasses of {@code
 * JavaMailSenderImpl} are left alone: what they override could not be carried over.
 */
final class MailSenderPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<TransportFactory> transports;

    MailSenderPostProcessor(ObjectProvider<TransportFactory> transports) {
        this.transports = transports;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean.getClass() != JavaMailSenderImpl.class) {
            return bean;
        }
        return ResilientJavaMailSender.replacing((JavaMailSenderImpl) bean, transports.getObject());
    }
}
